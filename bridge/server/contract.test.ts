import assert from "node:assert/strict";
import { test } from "node:test";
import type { Socket } from "socket.io";
import type { OpContext } from "../ops/context";
import { JobTable } from "../ops/exec/jobs";
import { events, REQUEST_EVENTS, replySchemaFor, requestSchema, requests } from "../protocol/index";
import { attachConnection } from "./dispatch";
import { handlers } from "./handlers";

/** Records what the server registers on a connection, without a network. */
function fakeSocket() {
  const registered: string[] = [];
  const socket = {
    on(name: string) {
      registered.push(name);
      return socket;
    },
    onAny() {
      return socket;
    },
    emit() {
      return true;
    },
  };
  return { socket: socket as unknown as Socket, registered };
}

const base = {
  root: "/nonexistent",
  jobs: new JobTable(),
} as unknown as Omit<OpContext, "emit" | "signal" | "execs">;

test("contract: the server registers exactly the events the protocol declares", () => {
  const { socket, registered } = fakeSocket();
  attachConnection(socket, base);
  const served = registered.filter((n) => n !== "disconnect").sort();
  assert.deepEqual(served, [...REQUEST_EVENTS].sort());
  assert.deepEqual(Object.keys(handlers).sort(), Object.keys(requests).sort());
});

test("contract: event names are domain:verb and push events do not collide with requests", () => {
  for (const name of [...REQUEST_EVENTS, ...Object.keys(events)])
    assert.match(name, /^(fs|search|exec|git|ports|checkpoint|env|editor|mcp):[a-z]+$/);
  for (const name of Object.keys(events)) assert.ok(!(name in requests), name);
});

test("contract: every schema has defaults that parse an empty-ish request or rejects it cleanly", () => {
  for (const [name, { params }] of Object.entries(requests)) {
    const r = params.safeParse({ id: "x" });
    // Either valid with defaults or a clean validation error: never a throw.
    assert.equal(typeof r.success, "boolean", name);
  }
});

test("contract: request and reply schemas exist for every event and accept their own shapes", () => {
  const r = requestSchema("fs:stat").safeParse({ id: "1", path: "a" });
  assert.equal(r.success, true);
  assert.equal(requestSchema("fs:stat").safeParse({ path: "a" }).success, false, "id is required");
  for (const event of REQUEST_EVENTS) {
    const fail = { id: "1", ok: false, error: { code: "EINVAL", message: "x" } };
    assert.equal(replySchemaFor(event).safeParse(fail).success, true, event);
  }
  const ok = { id: "1", ok: true, data: { path: "a", type: "file", size: 1, mtimeMs: 1, mode: 420 } };
  assert.equal(replySchemaFor("fs:stat").safeParse(ok).success, true);
});
