// better-auth hooks that put sign-ups and sign-ins in the audit trail. A session row is created
// exactly once per successful sign-in (any provider), so its creation is the event; a refused
// email sign-in of an existing account is recorded against that account (guesses show up in its
// owner's trail; unknown emails have no trail to go in).
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { userIdByEmail } from "../db/accounts";
import { CLIENT_IP_HEADER } from "../http/client-ip";
import { audit } from "./audit";

type SessionLike = { userId: string; ipAddress?: string | null; userAgent?: string | null };

const from = (ip: string | null | undefined, agent?: string | null) =>
  `from ${ip || "unknown address"}${agent ? ` (${agent.slice(0, 120)})` : ""}`;

export const authAuditHooks = {
  user: {
    create: {
      after: async (user: { id: string; email: string }) => {
        await audit({ userId: user.id, action: "auth.sign-up", summary: user.email });
      },
    },
  },
  session: {
    create: {
      after: async (session: SessionLike) => {
        await audit({
          userId: session.userId,
          action: "auth.sign-in",
          summary: from(session.ipAddress, session.userAgent),
        });
      },
    },
  },
};

/** hooks.after: a refused email sign-in is recorded for the account it named. */
export const authAuditAfter = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== "/sign-in/email" || !isAPIError(ctx.context.returned)) return;
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  if (typeof email !== "string") return;
  const userId = await userIdByEmail(email.toLowerCase());
  if (!userId) return;
  await audit({
    userId,
    action: "auth.sign-in",
    summary: from(ctx.request?.headers.get(CLIENT_IP_HEADER)),
    outcome: `refused: ${ctx.context.returned.message || "wrong email or password"}`,
  });
});
