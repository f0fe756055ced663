// Admin API handlers: the app's route helper with the admin check in front of the handler.
import type { SessionUser } from "../auth/session";
import { handle } from "../http/route";
import { requireAdmin } from "./roles";

export function adminRoute<P = Record<string, string>>(
  fn: (req: Request, admin: SessionUser, params: P) => Promise<Response | unknown>,
) {
  return handle<P>(async (req, params) => fn(req, await requireAdmin(req.headers), params));
}
