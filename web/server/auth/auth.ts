// better-auth: GitHub OAuth (repo scope, tokens encrypted at rest) and, when no GitHub OAuth app is
// configured, a clearly labelled local email + password sign-in so the product works out of the box.
import { betterAuth } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import { refuseDisabledSignIn } from "../admin/sign-in-guard";
import { authAuditAfter, authAuditHooks } from "../audit/auth-hooks";
import { config } from "../config";
import { authDatabase } from "../db/auth-adapter";
import { githubEndpoints, githubHostPlugin } from "../github/oauth-provider";
import { processSlot } from "../process-state";
import { authIpAddress, authRateLimit } from "./sign-in-limits";

function createAuth() {
  const c = config();
  return betterAuth({
    appName: "Kalpana",
    baseURL: c.publicUrl,
    secret: c.authSecret,
    database: authDatabase(c.databaseUrl),
    emailAndPassword: { enabled: c.localSignIn, minPasswordLength: 8 },
    socialProviders: c.githubConfigured
      ? {
          github: {
            clientId: c.GITHUB_CLIENT_ID!,
            clientSecret: c.GITHUB_CLIENT_SECRET!,
            scope: ["read:user", "user:email", "repo"],
          },
        }
      : {},
    account: { encryptOAuthTokens: true },
    // Set only by an administrator (input: false: sign-up cannot); read by the session checks.
    user: { additionalFields: { disabledAt: { type: "date", required: false, input: false } } },
    session: { cookieCache: { enabled: true, maxAge: 60 } },
    // Workspace origins are same-site with the app and can set cookies on its parent domain. __Host-
    // names (Secure, Path=/, no Domain) cannot be set or shadowed from there: the app reads only them.
    advanced: {
      ...(c.origins.secureCookies
        ? {
            useSecureCookies: false,
            cookiePrefix: "__Host-kalpana",
            defaultCookieAttributes: { secure: true },
          }
        : { cookiePrefix: "kalpana" }),
      ipAddress: authIpAddress,
    },
    telemetry: { enabled: false },
    rateLimit: authRateLimit,
    databaseHooks: {
      ...authAuditHooks,
      session: { create: { ...authAuditHooks.session.create, before: refuseDisabledSignIn } },
    },
    hooks: { after: authAuditAfter },
    // GitHub on the configured host (GitHub Enterprise Server too); nextCookies stays last.
    plugins: [githubHostPlugin(githubEndpoints(c.GITHUB_URL, c.GITHUB_API_URL)), nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
/** The one better-auth instance (a process slot, so dev reloads and the custom server share it). */
export function auth(): Auth {
  return processSlot("auth", createAuth);
}
