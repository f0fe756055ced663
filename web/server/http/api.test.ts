// API routes over real HTTP against the real server: authentication, isolation between two users,
// and bad input answered with a 4xx and a message.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { localSignUp, startWebServer, type WebServer } from "../../testing/web-server.fixture";

let web: WebServer;
let alice: string;
let bob: string;
before(async () => {
  web = await startWebServer();
  alice = await localSignUp(web.url, "alice@example.com");
  bob = await localSignUp(web.url, "bob@example.com");
});
after(async () => web?.stop());

const call = (path: string, cookie: string | null, init: RequestInit = {}) =>
  fetch(`${web.url}${path}`, {
    ...init,
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}), ...init.headers },
  });

describe("API", () => {
  test("signed-out calls get 401 JSON", async () => {
    for (const path of ["/api/me", "/api/settings/provider-key", "/api/github/repos"]) {
      const res = await call(path, null);
      assert.equal(res.status, 401, path);
      assert.deepEqual(await res.json(), {
        error: { code: "unauthenticated", message: "Sign in to continue" },
      });
    }
  });

  test("each user sees only their own data", async () => {
    assert.equal((await (await call("/api/me", alice)).json()).user.email, "alice@example.com");
    assert.equal((await (await call("/api/me", bob)).json()).user.email, "bob@example.com");

    const put = await call("/api/settings/provider-key", alice, {
      method: "PUT",
      body: JSON.stringify({ apiKey: "sk-or-v1-alice-secret-1234", defaultModel: "openai/gpt-5" }),
    });
    assert.equal(put.status, 200);
    const view = await put.json();
    assert.equal(view.key.last4, "1234");
    assert.ok(!JSON.stringify(view).includes("alice-secret"), "the key itself never comes back");

    assert.deepEqual(await (await call("/api/settings/provider-key", bob)).json(), { key: null });
    const del = await call("/api/settings/provider-key", bob, { method: "DELETE" });
    assert.equal(del.status, 200);
    assert.equal((await (await call("/api/settings/provider-key", alice)).json()).key.last4, "1234");
  });

  test("a user without a linked GitHub account is told to connect it", async () => {
    const res = await call("/api/github/repos", alice);
    assert.equal(res.status, 403);
    assert.match((await res.json()).error.message, /Connect your GitHub account/);
  });

  const badBodies: Array<[string, string, RegExp]> = [
    ["malformed JSON", "{not json", /not valid JSON/],
    ["wrong type", JSON.stringify({ apiKey: 42 }), /apiKey/],
    ["too short", JSON.stringify({ apiKey: "abc" }), /too short/],
    ["control characters", JSON.stringify({ apiKey: "sk-or-\u0000-abcdef" }), /control characters/],
    ["array instead of object", "[]", /expected object/i],
  ];
  for (const [name, body, message] of badBodies) {
    test(`bad input (${name}) → 400 with a message`, async () => {
      const res = await call("/api/settings/provider-key", alice, { method: "PUT", body });
      assert.equal(res.status, 400);
      const json = await res.json();
      assert.equal(json.error.code, "invalid_argument");
      assert.match(json.error.message, message);
    });
  }

  test("oversized body → 413", async () => {
    const res = await call("/api/settings/provider-key", alice, {
      method: "PUT",
      body: JSON.stringify({ apiKey: "x".repeat(2 * 1024 * 1024) }),
    });
    assert.equal(res.status, 413);
  });

  test("invalid branch lookup names → 400 before any GitHub call", async () => {
    const res = await call("/api/github/repos/bad%20owner/x/branches", alice);
    assert.equal(res.status, 400);
  });
});
