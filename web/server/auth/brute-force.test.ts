// Sign-in brute force against the REAL server (custom server + Next production build): an attacker
// rotating X-Forwarded-For, and spoofing the header the server stamps, still gets 429 after 10
// guesses; behind a trusted proxy (KALPANA_TRUSTED_PROXIES) the client is the first untrusted hop
// from the right, so a rotated left part buys nothing either, while distinct real clients are not
// lumped together.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { localSignUp, startWebServer, type WebServer } from "../../testing/web-server.fixture";
import { CLIENT_IP_HEADER } from "../http/client-ip";
import { SIGN_IN_RULE } from "./sign-in-limits";

const servers: WebServer[] = [];
after(async () => {
  for (const s of servers) await s.stop();
});

async function server(env: Record<string, string> = {}): Promise<WebServer> {
  const web = await startWebServer(env);
  servers.push(web);
  await localSignUp(web.url, "victim@example.com");
  return web;
}

const signIn = (web: WebServer, password: string, headers: Record<string, string>) =>
  fetch(`${web.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: web.url, ...headers },
    body: JSON.stringify({ email: "victim@example.com", password }),
  }).then((r) => r.status);

describe("sign-in brute force over HTTP", () => {
  test("no trusted proxy: rotated X-Forwarded-For and a spoofed client-ip header are ignored", async () => {
    const web = await server();
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_RULE.max; i++) {
      statuses.push(
        await signIn(web, `guess-${i}`, {
          "x-forwarded-for": `198.51.100.${i + 1}`,
          [CLIENT_IP_HEADER]: `192.0.2.${i + 1}`,
        }),
      );
    }
    assert.deepEqual(statuses, Array(SIGN_IN_RULE.max).fill(401));
    assert.equal(
      await signIn(web, "correct-horse-battery", { "x-forwarded-for": "203.0.113.250" }),
      429,
      "the right password is refused too",
    );
  });

  test("behind a trusted proxy: the first untrusted hop from the right is the client", async () => {
    const web = await server({ KALPANA_TRUSTED_PROXIES: "127.0.0.1,::1" });
    // The attacker controls the left part; our proxy appended their real address 203.0.113.7.
    for (let i = 0; i < SIGN_IN_RULE.max; i++) {
      assert.equal(await signIn(web, `guess-${i}`, { "x-forwarded-for": `10.9.9.${i}, 203.0.113.7` }), 401);
    }
    assert.equal(await signIn(web, "correct-horse-battery", { "x-forwarded-for": "203.0.113.7" }), 429);
    // Another real client behind the same proxy signs in.
    assert.equal(await signIn(web, "correct-horse-battery", { "x-forwarded-for": "203.0.113.8" }), 200);
  });
});
