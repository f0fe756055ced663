// The re-hosted GitHub provider against a fake GitHub Enterprise Server (API under /api/v3): every
// step goes to the configured host, a refused code or a redirecting token endpoint signs nobody in.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { github } from "better-auth/social-providers";
import { type FakeGithub, startFakeGithub } from "../../testing/fake-github.fixture";
import { githubEndpoints, onGithubHost } from "./oauth-provider";

let ghes: FakeGithub;
before(async () => {
  ghes = await startFakeGithub({ host: "127.0.0.2", apiPrefix: "/api/v3" });
  ghes.addUser({ id: 7, login: "dev", name: "Dev", email: "dev@corp.example" });
});
after(() => ghes?.close());

const redirectURI = "http://kalpana.localhost:3000/api/auth/callback/github";
const provider = () =>
  onGithubHost(
    github({ clientId: ghes.clientId, clientSecret: ghes.clientSecret, scope: ["repo"] }),
    githubEndpoints(`${ghes.url}/`, `${ghes.apiUrl}/`),
  );

/** Runs the fake's authorize step as the browser would and returns the code it hands back. */
async function codeFor(login: string, authorizeUrl: URL): Promise<string> {
  ghes.signInAs(login);
  const res = await fetch(authorizeUrl, { redirect: "manual" });
  assert.equal(res.status, 302);
  return new URL(res.headers.get("location") ?? "").searchParams.get("code") ?? "";
}

describe("GitHub provider on a GitHub Enterprise Server", () => {
  test("authorize URL on the GHES host, with better-auth's client id, scopes, state and callback", async () => {
    const url = await provider().createAuthorizationURL({
      state: "st4te",
      codeVerifier: "v".repeat(43),
      redirectURI,
    });
    assert.equal(`${url.origin}${url.pathname}`, `${ghes.url}/login/oauth/authorize`);
    assert.equal(url.searchParams.get("client_id"), ghes.clientId);
    assert.equal(url.searchParams.get("state"), "st4te");
    assert.equal(url.searchParams.get("redirect_uri"), redirectURI);
    assert.deepEqual(url.searchParams.get("scope")?.split(" ").sort(), ["read:user", "repo", "user:email"]);
  });

  test("code → token on GHES → profile and verified email from /api/v3", async () => {
    const p = provider();
    const url = await p.createAuthorizationURL({ state: "s", codeVerifier: "v".repeat(43), redirectURI });
    const tokens = await p.validateAuthorizationCode({ code: await codeFor("dev", url), redirectURI });
    assert.equal(tokens?.accessToken, ghes.tokenFor("dev"));
    const info = await p.getUserInfo(tokens!);
    assert.deepEqual(info?.user, {
      name: "Dev",
      email: "dev@corp.example",
      image: undefined,
      emailVerified: true,
    });
    assert.equal(await p.accountSubject({ tokens: tokens!, profile: info!.data as object }), 7);
    for (const step of ["POST /login/oauth/access_token", "GET /api/v3/user", "GET /api/v3/user/emails"]) {
      assert.ok(ghes.requests.includes(step), `${step}: ${ghes.requests.join(", ")}`);
    }
  });

  test("a refused code (GitHub answers 200 with an error) gives no tokens", async () => {
    assert.equal(await provider().validateAuthorizationCode({ code: "not-a-code", redirectURI }), null);
  });

  test("a token endpoint that redirects is not followed: no tokens, the target gets nothing", async () => {
    let reached = 0;
    const target = createServer((_req, res) => {
      reached++;
      res.writeHead(200, { "content-type": "application/json" }).end('{"access_token":"stolen"}');
    });
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    const redirector = createServer((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/` }).end();
    });
    await new Promise<void>((r) => redirector.listen(0, "127.0.0.1", r));
    try {
      const base = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
      const p = onGithubHost(
        github({ clientId: ghes.clientId, clientSecret: ghes.clientSecret }),
        githubEndpoints(base, `${base}/api/v3`),
      );
      assert.equal(await p.validateAuthorizationCode({ code: "c", redirectURI }), null);
      assert.equal(reached, 0);
    } finally {
      target.close();
      redirector.close();
    }
  });
});
