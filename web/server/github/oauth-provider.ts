// GitHub sign-in on the configured GitHub host (github.com or a GitHub Enterprise Server). better-auth's
// GitHub provider hard-codes github.com and api.github.com; this plugin swaps in the same provider with
// every step on GITHUB_URL (authorize, token exchange) and GITHUB_API_URL (user, emails). It keeps
// better-auth's routes, so the OAuth app's callback stays /api/auth/callback/github and the account's
// provider id stays "github" (the repository picker finds the token under it).
import type { BetterAuthPlugin } from "better-auth";
import {
  authorizationCodeRequest,
  getOAuth2Tokens,
  type OAuth2Tokens,
  type OAuthProvider,
  type ProviderOptions,
  refreshAccessToken,
} from "better-auth/oauth2";
import { z } from "zod";
import { logger } from "../log/log";

const log = logger("github");

export type GithubEndpoints = { authorize: string; token: string; user: string; emails: string };

/** GitHub's OAuth endpoints on `githubUrl` (the web host) and its REST API at `apiUrl`. */
export function githubEndpoints(githubUrl: string, apiUrl: string): GithubEndpoints {
  const web = githubUrl.replace(/\/+$/, "");
  const api = apiUrl.replace(/\/+$/, "");
  return {
    authorize: `${web}/login/oauth/authorize`,
    token: `${web}/login/oauth/access_token`,
    user: `${api}/user`,
    emails: `${api}/user/emails`,
  };
}

const profileSchema = z.looseObject({
  id: z.union([z.number(), z.string()]),
  login: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  avatar_url: z.string().nullish(),
});
type Profile = z.infer<typeof profileSchema>;
const emailsSchema = z.array(
  z.looseObject({ email: z.string(), primary: z.boolean(), verified: z.boolean() }),
);
// GitHub answers a bad code with 200 and an `error` field, not an HTTP error.
const tokenAnswerSchema = z.looseObject({ access_token: z.string().min(1) });

const TIMEOUT_MS = 15_000;

async function getJson(url: string, accessToken: string): Promise<unknown> {
  const res = await fetch(url, {
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${accessToken}`,
      "user-agent": "kalpana",
    },
    redirect: "manual",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`${new URL(url).pathname} answered ${res.status}`);
  return res.json();
}

/** better-auth's GitHub provider `base`, with every request on the hosts in `endpoints`. */
export function onGithubHost(base: OAuthProvider, endpoints: GithubEndpoints): OAuthProvider {
  const options = (base.options ?? {}) as ProviderOptions;
  return {
    ...base,
    // better-auth builds the query (client id, scopes, state, PKCE, redirect URI); only the host moves.
    async createAuthorizationURL(data) {
      const url = new URL(endpoints.authorize);
      url.search = (await base.createAuthorizationURL(data)).search;
      return url;
    },
    async validateAuthorizationCode({ code, codeVerifier, redirectURI }) {
      const { body, headers } = await authorizationCodeRequest({
        code,
        codeVerifier,
        redirectURI,
        options,
        tokenEndpoint: endpoints.token,
      });
      try {
        // No redirects: a token request that is sent elsewhere is a misconfiguration, not a path to follow.
        const res = await fetch(endpoints.token, {
          method: "POST",
          body,
          headers,
          redirect: "manual",
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        const answer: unknown = res.ok ? await res.json() : null;
        if (!tokenAnswerSchema.safeParse(answer).success) {
          const error = (answer as { error?: unknown } | null)?.error;
          log.error({ status: res.status, error }, "GitHub OAuth token exchange failed");
          return null;
        }
        return getOAuth2Tokens(answer as Record<string, unknown>);
      } catch (err) {
        log.error({ err: (err as Error).message }, "GitHub OAuth token exchange failed");
        return null;
      }
    },
    refreshAccessToken: (refreshToken: string) =>
      refreshAccessToken({
        refreshToken,
        options: { clientId: options.clientId, clientSecret: options.clientSecret },
        tokenEndpoint: endpoints.token,
      }),
    async getUserInfo(token: OAuth2Tokens) {
      if (!token.accessToken) return null;
      let profile: Profile;
      try {
        profile = profileSchema.parse(await getJson(endpoints.user, token.accessToken));
      } catch (err) {
        log.error({ err: (err as Error).message }, "GitHub profile unavailable");
        return null;
      }
      // Without user:email visibility the profile has no email: the primary one from /user/emails.
      const emails = await getJson(endpoints.emails, token.accessToken)
        .then((e) => emailsSchema.parse(e))
        .catch(() => []);
      const email = profile.email || (emails.find((e) => e.primary) ?? emails[0])?.email;
      return {
        user: {
          name: profile.name || profile.login,
          email,
          image: profile.avatar_url ?? undefined,
          emailVerified: emails.find((e) => e.email === email)?.verified ?? false,
        },
        data: profile,
      };
    },
  };
}

/** Puts better-auth's "github" social provider on the configured GitHub host. */
export function githubHostPlugin(endpoints: GithubEndpoints): BetterAuthPlugin {
  return {
    id: "kalpana-github-host",
    init(ctx) {
      return {
        context: {
          socialProviders: ctx.socialProviders.map((p) =>
            p.id === "github" ? onGithubHost(p, endpoints) : p,
          ),
        },
      };
    },
  };
}
