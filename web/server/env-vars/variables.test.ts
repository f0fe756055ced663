// Variables and secrets from the attacker's side, through the real web server and a real workspace
// container: a secret set before the start is in a login shell and in the agent's runCommand (the
// fake OpenRouter sees its hash come back) but nowhere in `docker inspect` (Env, Labels), PID 1's
// environment, the container's files outside the tmpfs, the database file, the server log or any
// API answer; an edit while running reaches a new shell without a restart (a workspace value
// overrides the person's, a deleted one is unset even in a shell that inherited it); a hostile value
// arrives literally and runs nothing; a reserved name is a 400 naming the field; another person's
// workspace variables are 404.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are bash scripts, their ${…} is bash's
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { cleanupDocker, dockerAvailable, dockerCli, testRun } from "../../testing/docker.fixture";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { assertNoSecrets } from "../../testing/secrets.fixture";
import { localSignUp, startWebServer, type WebServer } from "../../testing/web-server.fixture";
import { readChatResponse } from "../agent/sse.fixture";
import { apiAs, createRunning } from "../workspaces/api-test.fixture";
import { workspaceTestEnv } from "../workspaces/test-env.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const run = testRun();
const dataDir = mkdtempSync(path.join(tmpdir(), "kalpana-vars-"));
const SECRET = `tok_${randomBytes(24).toString("hex")}`;
const HOSTILE = `$(touch /tmp/pwned) \`touch /tmp/pwned\` '"'"\\ ${"${HOME}"} ;touch /tmp/pwned\nsecond line\n`;
let web: WebServer;
let openrouter: FakeOpenRouter;
let alice = "";
let bob = "";
/** Every API answer body of the run, to look for the secret in. */
const answers: string[] = [];

const as = (cookie: string) => {
  const call = apiAs(web.url, cookie);
  return async (method: string, p: string, body?: unknown) => {
    const r = await call(method, p, body);
    answers.push(typeof r.json === "string" ? r.json : JSON.stringify(r.json));
    return r;
  };
};
const container = (id: string) => `kalpana-ws-${id}`;
/** A fresh login shell as the workspace user, as `docker exec` (or a new terminal) starts one. */
const shell = (id: string, script: string, ...env: string[]) =>
  dockerCli("exec", "-u", "1000", ...env.flatMap((e) => ["-e", e]), container(id), "bash", "-lc", script);

before(async () => {
  if (!enabled) return;
  openrouter = await startFakeOpenRouter();
  web = await startWebServer({
    ...workspaceTestEnv(run.labels),
    KALPANA_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "kalpana.db")}`,
    OPENROUTER_BASE_URL: openrouter.baseURL,
    OPENROUTER_API_KEY: "server-key",
    KALPANA_MODELS: "openai/gpt-5",
    KALPANA_LOG_LEVEL: "debug",
  });
  alice = await localSignUp(web.url, "alice@example.com");
  bob = await localSignUp(web.url, "bob@example.com");
});

after(async () => {
  if (!enabled) return;
  await web?.stop();
  await openrouter?.close();
  cleanupDocker(run.id);
  rmSync(dataDir, { recursive: true, force: true });
});

test("variables and secrets reach shells and the agent, live, and nothing else", {
  skip: !enabled,
}, async () => {
  const api = as(alice);
  for (const [name, value, secret] of [
    ["API_TOKEN", SECRET, true],
    ["HOSTILE", HOSTILE, true],
    ["PLAIN_VAR", "hello plain", false],
    ["SHADOW", "from-settings", false],
  ] as const) {
    const r = await api("PUT", `/api/settings/variables/${name}`, { value, secret });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.deepEqual(r.json.live, { applied: 0, failed: 0 }); // nothing runs yet
  }
  const listed = await api("GET", "/api/settings/variables");
  const token = listed.json.variables.find((v: { name: string }) => v.name === "API_TOKEN");
  assert.deepEqual([token.secret, token.value], [true, null]); // masked: set, never sent back
  assert.equal(
    listed.json.variables.find((v: { name: string }) => v.name === "PLAIN_VAR").value,
    "hello plain",
  );

  // Set before the start: the start delivers them.
  const { id } = await createRunning(api, { name: "vars", template: "node" });

  assert.equal(shell(id, 'printf %s "$API_TOKEN"'), SECRET);
  assert.equal(shell(id, 'printf %s "$PLAIN_VAR"'), "hello plain");
  // The hostile value is the variable's text, byte for byte, and ran nothing.
  assert.equal(shell(id, 'printf %s "$HOSTILE" | base64 -w0'), Buffer.from(HOSTILE).toString("base64"));
  assert.equal(shell(id, "test -e /tmp/pwned && echo PWNED || echo clean"), "clean");
  // Where it lives: a 0600 file of the workspace user on a tmpfs.
  assert.equal(shell(id, "stat -c '%a %u' /run/kalpana/env-vars.sh"), "600 1000");
  assert.match(shell(id, "findmnt -no FSTYPE /run/kalpana"), /^tmpfs/);

  // The agent's runCommand (bridge exec:run) gets it too; only its hash travels back to the model.
  const thread = (await api("POST", `/api/workspaces/${id}/threads`, {})).json.thread.id as string;
  openrouter.script(
    { toolCalls: [{ name: "runCommand", args: { command: 'printf %s "$API_TOKEN" | sha256sum' } }] },
    { text: "Done." },
  );
  const chat = await fetch(`${web.url}/api/workspaces/${id}/chat`, {
    method: "POST",
    headers: { cookie: alice, "content-type": "application/json", origin: web.url },
    body: JSON.stringify({
      threadId: thread,
      model: "openai/gpt-5",
      approvalMode: "auto",
      message: { id: "m-1", role: "user", parts: [{ type: "text", text: "hash it" }] },
    }),
  });
  assert.equal(chat.status, 200);
  await readChatResponse(chat);
  const sha = createHash("sha256").update(SECRET).digest("hex");
  assert.ok(JSON.stringify(openrouter.requests.at(-1)?.messages).includes(sha), "runCommand saw the secret");

  // Nowhere in what Docker shows or keeps.
  const inspect = dockerCli("inspect", container(id));
  const { Config } = JSON.parse(inspect)[0] as { Config: { Env: string[]; Labels: Record<string, string> } };
  for (const where of [inspect, Config.Env.join("\n"), JSON.stringify(Config.Labels)]) {
    assert.ok(!where.includes(SECRET) && !where.includes("API_TOKEN"), "docker inspect shows the secret");
  }
  assert.ok(!dockerCli("exec", container(id), "cat", "/proc/1/environ").includes(SECRET), "PID 1's env");
  assert.ok(!dockerCli("diff", container(id)).includes("env-vars"), "the file is in the container's layer");

  // Live: a workspace value overrides the person's, a new one appears, a deleted one goes.
  const put = await api("PUT", `/api/workspaces/${id}/variables/SHADOW`, { value: "from-workspace" });
  assert.equal(put.status, 200, JSON.stringify(put.json));
  assert.deepEqual(put.json.live, { applied: 1, failed: 0 });
  assert.equal(shell(id, 'printf %s "$SHADOW"'), "from-workspace");
  assert.equal((await api("PUT", "/api/settings/variables/LIVE_NEW", { value: "1" })).json.live.applied, 1);
  assert.equal((await api("DELETE", "/api/settings/variables/PLAIN_VAR")).status, 200);
  assert.equal(shell(id, 'printf %s "$LIVE_NEW ${PLAIN_VAR-unset}"'), "1 unset");
  // A shell that inherited the old set (as a terminal of an IDE started before the edit) drops it.
  const stale = ["KALPANA_VARS_LOADED=stale", "KALPANA_VAR_NAMES=PLAIN_VAR", "PLAIN_VAR=old"];
  assert.equal(shell(id, 'printf %s "${PLAIN_VAR-unset}"', ...stale), "unset");
  // A value given for one command survives the script's own BASH_ENV load when nothing changed.
  assert.equal(shell(id, "LIVE_NEW=mine bash -c 'printf %s \"$LIVE_NEW\"'"), "mine");
  const wsList = await api("GET", `/api/workspaces/${id}/variables`);
  assert.deepEqual(
    wsList.json.variables.map((v: { name: string }) => v.name),
    ["SHADOW"],
  );
  assert.ok(
    wsList.json.inherited.some(
      (v: { name: string; value: null }) => v.name === "API_TOKEN" && v.value === null,
    ),
  );

  // Reserved names: 400 with the field named, on both routes; nothing stored.
  for (const name of ["LD_PRELOAD", "PATH", "BASH_ENV", "KALPANA_VAR_NAMES", "1BAD", "BASH_FUNC_x%%"]) {
    for (const p of [
      `/api/settings/variables/${encodeURIComponent(name)}`,
      `/api/workspaces/${id}/variables/${encodeURIComponent(name)}`,
    ]) {
      const r = await api("PUT", p, { value: "/tmp/evil.so" });
      assert.equal(r.status, 400, `${p}: ${JSON.stringify(r.json)}`);
      assert.deepEqual(r.json.error.details?.[0]?.path, ["name"], p);
    }
  }
  assert.equal((await api("PUT", "/api/settings/variables/NUL", { value: "a\0b" })).status, 400);
  assert.equal(shell(id, 'printf %s "${LD_PRELOAD-unset}"'), "unset");

  // Someone else's workspace: exactly like a missing one.
  const other = as(bob);
  assert.equal((await other("GET", `/api/workspaces/${id}/variables`)).status, 404);
  assert.equal((await other("PUT", `/api/workspaces/${id}/variables/X`, { value: "1" })).status, 404);
  assert.equal((await other("DELETE", `/api/workspaces/${id}/variables/SHADOW`)).status, 404);
  assert.deepEqual((await other("GET", "/api/settings/variables")).json.variables, []);
  assert.equal(shell(id, 'printf %s "$SHADOW ${X-unset}"'), "from-workspace unset");

  // Encrypted at rest: the database file never holds the value.
  for (const file of ["kalpana.db", "kalpana.db-wal"]) {
    const bytes = existsSync(path.join(dataDir, file))
      ? readFileSync(path.join(dataDir, file))
      : Buffer.alloc(0);
    assert.ok(!bytes.includes(SECRET), `plain secret in ${file}`);
  }
  for (const body of answers) assert.ok(!body.includes(SECRET), "an API answer carries the secret");
  await web.stop(); // shutdown lines count too
  assertNoSecrets(web.logs(), { API_TOKEN: SECRET });
});
