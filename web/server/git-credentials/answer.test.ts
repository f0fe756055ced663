// Who may get the person's token for terminal git: every rule of answer.ts, one at a time, with a
// real database (a better-auth sign-up makes the session), and every decision in the audit trail
// without the token. The end-to-end path from a container's `git push` is terminal-push.test.ts.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { GitCredentialAsk } from "@kalpana/bridge/protocol";
import type { WorkspaceStatus } from "../../contract/workspaces";
import { setupAppEnv, signUp } from "../http/routes.fixture";

const TOKEN = "gho_answerTest_a81f0c";
let env: { cleanup: () => void };
let m: {
  answer: typeof import("./answer");
  audit: typeof import("../audit/audit");
  db: typeof import("../db/client");
};
let user: { userId: string };
let tokenOf: (userId: string) => Promise<string | null> = async () => TOKEN;
const deps = { token: (id: string) => tokenOf(id) };

before(async () => {
  env = await setupAppEnv({
    GITHUB_URL: "https://github.example",
    KALPANA_ALLOWED_GIT_HOSTS: "git.test:8080",
  });
  m = {
    answer: await import("./answer"),
    audit: await import("../audit/audit"),
    db: await import("../db/client"),
  };
  user = await signUp("terminal@example.com");
});
after(async () => {
  await m?.db.db().$disconnect();
  env?.cleanup();
});

let n = 0;
async function workspace(status: WorkspaceStatus): Promise<string> {
  const w = await m.db.db().workspace.create({
    data: {
      userId: user.userId,
      name: `w${++n}`,
      template: "node",
      status,
      bridgeSecret: "x",
      memoryMb: 512,
      cpus: 1,
      pidsLimit: 256,
    },
  });
  return w.id;
}
const github: GitCredentialAsk = { protocol: "https", host: "github.example", path: "o/r.git" };
const granted = { username: "x-access-token", password: TOKEN };

test("answer: the token goes for https on the GitHub host (or an allowed test host) only", async () => {
  const id = await workspace("RUNNING");
  const cases: [GitCredentialAsk, boolean][] = [
    [github, true],
    [{ protocol: "https", host: "github.example" }, true],
    [{ protocol: "http", host: "git.test:8080", path: "o/r.git" }, true],
    [{ protocol: "http", host: "github.example" }, false], // not https
    [{ protocol: "https", host: "github.example:444" }, false], // another port is another host
    [{ protocol: "https", host: "evil.example" }, false],
    [{ protocol: "https", host: "github.example.evil.example" }, false],
    [{ protocol: "https", host: "git.test" }, false],
  ];
  for (const [ask, ok] of cases) {
    assert.deepEqual(
      await m.answer.answerGitCredential(id, ask, deps),
      ok ? granted : null,
      JSON.stringify(ask),
    );
  }
  const rows = (await m.audit.listAudit(id)).reverse();
  assert.deepEqual(
    rows.map((r) => [r.action, r.summary, r.outcome]),
    cases.map(([a, ok]) => [
      "git.credential",
      `${a.protocol}://${a.host}${a.path ? `/${a.path}` : ""}`,
      ok ? "granted" : "refused: not the configured GitHub host",
    ]),
  );
  assert.ok(!JSON.stringify(rows).includes(TOKEN), "the audit trail holds the token");
});

test("answer: nothing unless the workspace is RUNNING", async () => {
  for (const status of ["STARTING", "STOPPING", "STOPPED", "ERROR"] as const) {
    const id = await workspace(status);
    assert.equal(await m.answer.answerGitCredential(id, github, deps), null, status);
    assert.equal(
      (await m.audit.listAudit(id))[0]?.outcome,
      `refused: the workspace is ${status.toLowerCase()}`,
    );
  }
  assert.equal(await m.answer.answerGitCredential("no-such-workspace", github, deps), null);
});

test("answer: nothing without a GitHub token, nothing once the owner is signed out", async () => {
  const id = await workspace("RUNNING");
  tokenOf = async () => null;
  assert.equal(await m.answer.answerGitCredential(id, github, deps), null);
  assert.equal((await m.audit.listAudit(id))[0]?.outcome, "refused: no GitHub account linked");
  tokenOf = async () => TOKEN;
  assert.deepEqual(await m.answer.answerGitCredential(id, github, deps), granted);
  // Expired sessions count as signed out; then none at all.
  await m.db
    .db()
    .session.updateMany({ where: { userId: user.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
  assert.equal(await m.answer.answerGitCredential(id, github, deps), null);
  await m.db.db().session.deleteMany({ where: { userId: user.userId } });
  assert.equal(await m.answer.answerGitCredential(id, github, deps), null);
  assert.deepEqual(
    (await m.audit.listAudit(id)).slice(0, 2).map((r) => r.outcome),
    ["refused: the owner is signed out", "refused: the owner is signed out"],
  );
});

test("answer: a flood of asks is cut by the rate limit and does not flood the audit trail", async () => {
  const id = await workspace("STOPPED");
  const answers = await Promise.all(
    Array.from({ length: 40 }, () => m.answer.answerGitCredential(id, github, deps)),
  );
  assert.ok(answers.every((a) => a === null));
  const rows = await m.audit.listAudit(id);
  assert.ok(rows.length >= 10 && rows.length <= 12, `${rows.length} audit rows for 40 asks`);
});
