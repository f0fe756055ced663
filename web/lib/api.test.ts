// The browser's JSON client against a real HTTP server: the server's structured refusal becomes an
// ApiError whose fields are ready to show beside the form's inputs; anything else gets a safe message.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { fieldIssues } from "../contract/errors";
import { ApiError, api } from "./api";

let server: Server;
let base: string;
const replies: Record<string, [number, string]> = {
  "/ok": [200, JSON.stringify({ workspace: { id: "w1" } })],
  "/refused": [
    400,
    JSON.stringify({
      error: {
        code: "invalid_argument",
        message: "repoUrl: only repositories on github.com can be cloned",
        details: fieldIssues("repoUrl", "only repositories on github.com can be cloned"),
      },
    }),
  ],
  "/conflict": [409, JSON.stringify({ error: { code: "conflict", message: "Workspace limit reached" } })],
  "/crash": [502, "<html>Bad gateway</html>"],
};

before(async () => {
  server = createServer((req, res) => {
    const [status, body] = replies[req.url ?? ""] ?? [404, "{}"];
    res.writeHead(status, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const failure = async (path: string) => {
  const err = await api(`${base}${path}`).then(
    () => assert.fail("expected a failure"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ApiError);
  return err;
};

test("a success returns the body", async () => {
  assert.deepEqual(await api(`${base}/ok`), { workspace: { id: "w1" } });
});

test("a refused field: status, code, message and the field's message, capitalised", async () => {
  const e = await failure("/refused");
  assert.equal(e.status, 400);
  assert.equal(e.code, "invalid_argument");
  assert.match(e.message, /^repoUrl: /);
  assert.deepEqual(e.fields, { repoUrl: "Only repositories on github.com can be cloned" });
});

test("an error without details names no field", async () => {
  const e = await failure("/conflict");
  assert.equal(e.code, "conflict");
  assert.equal(e.message, "Workspace limit reached");
  assert.deepEqual(e.fields, {});
});

test("a non-JSON page and an unreachable server get safe messages", async () => {
  const crash = await failure("/crash");
  assert.equal(crash.status, 502);
  assert.equal(crash.message, "Request failed (502)");
  const down = await api("http://127.0.0.1:1/x").catch((e: ApiError) => e);
  assert.ok(down instanceof ApiError && down.code === "network", String(down));
});
