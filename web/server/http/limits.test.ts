// Per-user rate limits and the server key's daily cap, through the real routes: key tests, workspace
// creation and chat requests are refused with 429, a clear message and Retry-After once a user's
// bucket is empty (other users unaffected); the server key's daily count lives in the database, so
// forgetting every in-memory bucket (a restart) does not reset it, and a user's own key is not capped.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readChatResponse } from "../agent/sse.fixture";
import { type ChatRouteEnv, callRoute, type RouteUser, startChatRouteEnv } from "./routes.fixture";

let h: ChatRouteEnv<"ann" | "bo">;
let fake: ChatRouteEnv<"ann" | "bo">["fake"];
let db: typeof import("../db/client");
const users = {} as ChatRouteEnv<"ann" | "bo">["users"];

before(async () => {
  h = await startChatRouteEnv(["ann", "bo"] as const, {
    KALPANA_RATE_KEY_TEST_PER_MIN: "2",
    KALPANA_RATE_CREATE_PER_MIN: "3",
    KALPANA_RATE_CHAT_PER_MIN: "6",
    KALPANA_SERVER_KEY_DAILY_LIMIT: "2",
  });
  fake = h.fake;
  Object.assign(users, h.users);
  db = await import("../db/client");
});

after(() => h?.close());

async function expect429(res: Response, message: RegExp): Promise<number> {
  assert.equal(res.status, 429);
  const retry = Number(res.headers.get("retry-after"));
  assert.ok(retry >= 1, `Retry-After ${res.headers.get("retry-after")}`);
  const body = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, "quota_exceeded");
  assert.match(body.error.message, message);
  return retry;
}

test("key tests: 2 per minute per user, then 429; another user still gets theirs", async () => {
  const test = (who: RouteUser) =>
    callRoute("settings/provider-key/test", "POST", {
      cookie: who.cookie,
      body: { apiKey: "sk-or-v1-abcdefgh" },
    });
  assert.notEqual((await test(users.ann)).status, 429);
  assert.notEqual((await test(users.ann)).status, 429);
  const wait = await expect429(await test(users.ann), /Too many key tests: wait \d+ s/);
  assert.ok(wait <= 30, `one token per 30 s, told ${wait}`);
  assert.notEqual((await test(users.bo)).status, 429);
});

test("workspace creation: the bucket empties even on invalid requests (no free probing)", async () => {
  const create = () => callRoute("workspaces", "POST", { cookie: users.bo.cookie, body: { name: "" } });
  for (let i = 0; i < 3; i++) assert.equal((await create()).status, 400);
  await expect429(await create(), /Too many new workspaces/);
});

const chat = (who: RouteUser, text: string) =>
  callRoute("workspaces/[id]/chat", "POST", {
    cookie: who.cookie,
    params: { id: who.workspaceId },
    body: {
      threadId: who.threadId,
      model: "openai/gpt-5",
      message: { id: `m-${Math.random()}`, role: "user", parts: [{ type: "text", text }] },
    },
  });

test("the server key's daily cap: 2 chat requests, then a clear 429 until midnight UTC; restarts do not reset it", async () => {
  for (const text of ["one", "two"]) {
    fake.script({ text: `ok ${text}` });
    const res = await chat(users.ann, text);
    assert.equal(res.status, 200);
    await readChatResponse(res);
  }
  const wait = await expect429(
    await chat(users.ann, "three"),
    /used today's 2 agent requests on the server's OpenRouter key/,
  );
  assert.ok(wait <= 24 * 3600);
  const { utcDay } = await import("../db/server-key-usage");
  const row = await db.db().serverKeyUsage.findUnique({
    where: { userId_day: { userId: users.ann.userId, day: utcDay(new Date()) } },
  });
  assert.ok(row && row.requests >= 3, "counted in the database");
  // A restart forgets the in-memory rate buckets; the daily cap is still there.
  (await import("./rate-limit")).resetRateLimits();
  await expect429(await chat(users.ann, "four"), /server's OpenRouter key/);
  assert.equal(fake.requests.filter((r) => JSON.stringify(r.messages).includes("four")).length, 0);
});

test("a user's own key is not capped by the server key's limit", async () => {
  const put = await callRoute("settings/provider-key", "PUT", {
    cookie: users.ann.cookie,
    body: { apiKey: "sk-or-v1-ann-own-key-1234" },
  });
  assert.equal(put.status, 200);
  fake.script({ text: "own key works" });
  const res = await chat(users.ann, "five");
  assert.equal(res.status, 200);
  await readChatResponse(res);
  assert.equal(fake.requests.at(-1)?.authorization, "Bearer sk-or-v1-ann-own-key-1234");
});

test("chat requests: 6 per minute per user, then 429", async () => {
  (await import("./rate-limit")).resetRateLimits();
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    fake.script({ text: "ok" });
    const res = await chat(users.bo, `n${i}`);
    statuses.push(res.status);
    if (res.status === 200) await readChatResponse(res);
  }
  // Bo has no own key: his 3rd..6th hit the daily cap (429 too), all before the bucket is empty.
  assert.deepEqual(statuses.slice(0, 2), [200, 200]);
  await expect429(await chat(users.bo, "seventh"), /Too many chat messages/);
});
