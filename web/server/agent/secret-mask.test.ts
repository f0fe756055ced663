// The person's own secrets (Settings → Variables and secrets) never reach the model or the stored
// history through a tool result: a command that prints one, through the real chat route, a real
// bridge process and the real provider against the local fake, is seen as "[secret]".
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type ChatRouteEnv, callRoute, startChatRouteEnv } from "../http/routes.fixture";
import { maskValues } from "./redact";
import { readChatResponse } from "./sse.fixture";

const SECRET = "sv-7f3a9c2e-not-a-token-shape"; // no known credential shape: only the list catches it
const PLAIN = "plain-value-visible";
let h: ChatRouteEnv<"sam">;

before(async () => {
  h = await startChatRouteEnv(["sam"] as const);
  const { setEnvVar } = await import("../db/env-vars");
  await setEnvVar({ userId: h.users.sam.userId }, { name: "DEPLOY_KEY", value: SECRET, secret: true });
  await setEnvVar({ userId: h.users.sam.userId }, { name: "REGION", value: PLAIN, secret: false });
});
after(() => h?.close());

test("maskValues: every string, deep, longest first; short values are left alone", () => {
  assert.deepEqual(maskValues({ a: ["x abcdef y", { b: "abcdefgh" }], n: 3 }, ["abcdef", "abcdefgh", "ab"]), {
    a: ["x [secret] y", { b: "[secret]" }],
    n: 3,
  });
  assert.equal(maskValues("no secrets", []), "no secrets");
});

test("a command that prints a secret: the model and the stored history see [secret], not the value", async () => {
  const { fake, users } = h;
  fake.script(
    { toolCalls: [{ name: "runCommand", args: { command: `echo "key=${SECRET} region=${PLAIN}"` } }] },
    { text: "Printed." },
  );
  const res = await callRoute("workspaces/[id]/chat", "POST", {
    cookie: users.sam.cookie,
    params: { id: users.sam.workspaceId },
    body: {
      threadId: users.sam.threadId,
      model: "openai/gpt-5",
      approvalMode: "auto",
      message: { id: "m-secret", role: "user", parts: [{ type: "text", text: "print it" }] },
    },
  });
  assert.equal(res.status, 200);
  await readChatResponse(res);
  const toModel = JSON.stringify(fake.requests.at(-1)?.messages.filter((m) => m.role === "tool"));
  assert.match(toModel, /\[secret\]/);
  assert.match(toModel, new RegExp(PLAIN), "a plain variable is not masked");
  assert.ok(!toModel.includes(SECRET), "the secret reached the model");
  const { db } = await import("../db/client");
  let stored = "";
  for (let i = 0; i < 50 && !stored.includes("Printed."); i++) {
    stored = JSON.stringify(await db().chatMessage.findMany({ where: { threadId: users.sam.threadId } }));
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(stored, /\[secret\]/);
  assert.ok(!stored.includes(SECRET), "the secret is in the stored history");
});
