// Refused input names its field in the error's details, through the real route handlers: schema
// issues (zod's own), the checks the schema cannot make (repository host, unknown template, limits)
// and a taken name (409). Read back with the browser's own fieldErrors(), so a form shows each
// message beside the input it concerns. The message text stays what API callers read today.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fieldErrors } from "../../contract/errors";
import { callRoute, installFakeRuntime, setupAppEnv, signUp } from "./routes.fixture";

let env: { cleanup: () => void };
let db: typeof import("../db/client");
let cookie: string;

before(async () => {
  env = await setupAppEnv({ KALPANA_RATE_CREATE_PER_MIN: "1000" });
  installFakeRuntime(() => null, { create: () => new Promise(() => {}) });
  db = await import("../db/client");
  ({ cookie } = await signUp("fields@example.com"));
});

after(async () => {
  await db?.db().$disconnect();
  env?.cleanup();
});

async function refusal(route: string, method: "POST" | "PUT" | "PATCH", body: unknown) {
  const res = await callRoute(route, method, { cookie, body });
  const json = (await res.json()) as { error: { code: string; message: string; details?: unknown } };
  return { status: res.status, ...json.error, fields: fieldErrors(json.error.details) };
}

test("create: every refusal names the field it concerns", async () => {
  const cases: Array<[unknown, string, RegExp]> = [
    [{ name: "", template: "node" }, "name", /name is required/],
    [{ name: "a/b", template: "node" }, "name", /name may use/],
    [{ name: "x", template: "node", branch: "-rf" }, "branch", /branch/],
    [{ name: "x", nixConfig: "{}" }, "nixConfigKind", /nixConfigKind is required/],
    [{ name: "x", template: "nope" }, "template", /unknown template "nope"/],
    [
      { name: "x", template: "node", repoUrl: "https://evil.example.com/a/b" },
      "repoUrl",
      /only repositories on/,
    ],
    [{ name: "x", template: "node", repoUrl: "https://u:p@github.com/a/b" }, "repoUrl", /credentials/],
    [{ name: "x", template: "node", memoryMb: 60000 }, "memoryMb", /at most/],
  ];
  for (const [body, field, message] of cases) {
    const r = await refusal("workspaces", "POST", body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.code, "invalid_argument");
    assert.match(r.message, new RegExp(`^${field}: `), "the message still names the field");
    assert.deepEqual(Object.keys(r.fields), [field], JSON.stringify(body));
    assert.match(r.fields[field] ?? "", message);
  }
});

test("create: a taken name is a 409 that names the name field", async () => {
  const first = await callRoute("workspaces", "POST", { cookie, body: { name: "taken", template: "node" } });
  assert.equal(first.status, 201);
  const r = await refusal("workspaces", "POST", { name: "taken", template: "node" });
  assert.equal(r.status, 409);
  assert.equal(r.code, "conflict");
  assert.match(r.message, /already have a workspace named "taken"/);
  assert.deepEqual(r.fields, { name: r.message });
});

test("settings: a refused key names apiKey", async () => {
  for (const [apiKey, message] of [
    ["sk-1", /too short/],
    ["sk-or has spaces", /spaces or control characters/],
  ] as const) {
    const r = await refusal("settings/provider-key", "PUT", { apiKey });
    assert.equal(r.status, 400);
    assert.deepEqual(Object.keys(r.fields), ["apiKey"]);
    assert.match(r.fields.apiKey ?? "", message);
  }
});

test("an error that concerns no field has no field details (the form shows its message)", async () => {
  const res = await callRoute("settings/provider-key/test", "POST", { cookie, body: {} });
  const json = (await res.json()) as { error: { message: string; details?: unknown } };
  assert.equal(res.status, 400);
  assert.match(json.error.message, /No API key to test/);
  assert.deepEqual(fieldErrors(json.error.details), {});
});
