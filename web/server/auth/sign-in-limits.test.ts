// Brute force against the real better-auth sign-in route: after 10 attempts from one client
// address the next is refused with 429 even with the right password, however the attacker rotates
// X-Forwarded-For (or spoofs it into our own header's place: the custom server overwrites that, see
// http/client-ip.test.ts). Another address still signs in.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CLIENT_IP_HEADER } from "../http/client-ip";
import { callRoute, setupAppEnv, signUp } from "../http/routes.fixture";
import { SIGN_IN_RULE } from "./sign-in-limits";

let env: { cleanup: () => void };

before(async () => {
  env = await setupAppEnv();
  await signUp("victim@example.com");
});
after(() => env?.cleanup());

const signIn = (password: string, clientIp: string, forwardedFor: string) =>
  callRoute("auth/[...all]", "POST", {
    params: { all: "sign-in/email" },
    body: { email: "victim@example.com", password },
    headers: {
      origin: "http://localhost:3000",
      "x-forwarded-for": forwardedFor,
      // What server.ts stamps from the socket address: the attacker's one real address.
      [CLIENT_IP_HEADER]: clientIp,
    },
  });

test("rotating X-Forwarded-For does not buy more guesses", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < SIGN_IN_RULE.max; i++) {
    statuses.push((await signIn(`wrong-guess-${i}`, "203.0.113.9", `198.51.100.${i + 1}`)).status);
  }
  assert.ok(
    statuses.every((s) => s === 401),
    statuses.join(","),
  );
  const blocked = await signIn("correct-horse-battery", "203.0.113.9", "192.0.2.77");
  assert.equal(blocked.status, 429, "the right password is refused too once the bucket is empty");
  assert.ok(Number(blocked.headers.get("x-retry-after")) > 0);
  // Another client address is not affected.
  assert.equal((await signIn("correct-horse-battery", "203.0.113.10", "203.0.113.10")).status, 200);
});
