// better-auth database hooks that put sign-ups and sign-ins in the audit trail. A session row is
// created exactly once per successful sign-in (any provider), so its creation is the event.
import { audit } from "./audit";

type SessionLike = { userId: string; ipAddress?: string | null; userAgent?: string | null };

const from = (s: SessionLike) =>
  `from ${s.ipAddress || "unknown address"}${s.userAgent ? ` (${s.userAgent.slice(0, 120)})` : ""}`;

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
        await audit({ userId: session.userId, action: "auth.sign-in", summary: from(session) });
      },
    },
  },
};
