// The web side of a credential ask faces whatever answers on the bridge's port: a real socket.io
// server plays a hostile bridge. Malformed asks never reach the handler, a failing or slow handler
// answers null (in time), and a well-formed ask gets the handler's answer.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { Server, type Socket as ServerSocket } from "socket.io";
import { io, type Socket } from "socket.io-client";
import { GIT_CREDENTIAL_EVENT, type GitCredentialAsk } from "../protocol/index";
import { answerGitCredentials } from "./git-credential";

let server: Server;
let bridgeSide: ServerSocket;
let client: Socket;
const seen: GitCredentialAsk[] = [];
let handler: (ask: GitCredentialAsk) => Promise<unknown> = async () => ({ username: "u", password: "p" });

before(async () => {
  const http = createServer();
  server = new Server(http);
  const connected = new Promise<ServerSocket>((r) => server.on("connection", r));
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  client = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ["websocket"] });
  answerGitCredentials(
    client,
    (ask) => {
      seen.push(ask);
      return handler(ask) as never;
    },
    300,
  );
  bridgeSide = await connected;
});
after(() => {
  client.close();
  server.close();
});

const ask = (payload: unknown) => bridgeSide.timeout(2000).emitWithAck(GIT_CREDENTIAL_EVENT, payload);

test("client: malformed asks get null and never reach the handler", async () => {
  for (const bad of [
    null,
    "x",
    { protocol: "ssh", host: "h" },
    { protocol: "https", host: "h/p" },
    { protocol: "https", host: "h", path: "a\nb" },
  ]) {
    assert.equal(await ask(bad), null, JSON.stringify(bad));
  }
  bridgeSide.emit(GIT_CREDENTIAL_EVENT, { protocol: "https", host: "h" }); // no ack: ignored
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(seen, []);
});

test("client: the handler's answer, or null when it throws or is too slow", async () => {
  assert.deepEqual(await ask({ protocol: "https", host: "github.com" }), { username: "u", password: "p" });
  assert.deepEqual(seen, [{ protocol: "https", host: "github.com" }]);
  handler = async () => {
    throw new Error("boom");
  };
  assert.equal(await ask({ protocol: "https", host: "github.com" }), null);
  handler = () => new Promise(() => {});
  const started = Date.now();
  assert.equal(await ask({ protocol: "https", host: "github.com" }), null);
  assert.ok(Date.now() - started < 1500);
});
