// better-auth hook: a disabled account gets no new session, whatever the provider (email or
// GitHub). The session checks (auth/session.ts) also refuse a disabled account, so a sign-in
// racing the disable cannot keep one either.
import { APIError } from "better-auth/api";
import { isDisabled } from "../db/admin";

export const DISABLED_MESSAGE = "This account is disabled. Ask an administrator.";

export async function refuseDisabledSignIn(session: { userId: string }): Promise<void> {
  if (await isDisabled(session.userId)) throw new APIError("FORBIDDEN", { message: DISABLED_MESSAGE });
}
