// Accounts as the admin console sees them, and disabling one. A disabled account ends at once:
// its sessions are deleted (the app, the workspace origins and their open sockets all check that
// the session still exists), its live channels close, and its workspaces stop.
import type { AdminUserView } from "../../contract/admin";
import { audit } from "../audit/audit";
import type { SessionUser } from "../auth/session";
import { config } from "../config";
import {
  disableUser,
  enableUser,
  findUser,
  firstUserId,
  listUsers,
  unstoppedWorkspaceIds,
} from "../db/admin";
import { AppError, notFound } from "../errors";
import { logger } from "../log/log";
import { forgetSession } from "../proxy/origin-access";
import { closeSessionSockets } from "../proxy/socket-sweep";
import { disconnectUser } from "../realtime/io";
import { stopWorkspaceById } from "../workspaces/lifecycle";

const log = logger("admin");

export async function listUserViews(): Promise<AdminUserView[]> {
  const [rows, first] = await Promise.all([listUsers(), firstUserId()]);
  const admins = config().KALPANA_ADMINS;
  return rows.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    admin: u.id === first || admins.includes(u.email.toLowerCase()),
    disabledAt: u.disabledAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    workspaces: u.workspaces,
    running: u.running,
  }));
}

export const DISABLED_STOP_MESSAGE = "Stopped: the account was disabled by an administrator.";

export async function setUserDisabled(admin: SessionUser, userId: string, disabled: boolean): Promise<void> {
  if (userId === admin.id)
    throw new AppError("invalid_argument", "You cannot disable your own account (you would be locked out).");
  const user = await findUser(userId);
  if (!user) throw notFound("User not found");
  const action = disabled ? "admin.user-disable" : "admin.user-enable";
  if (!disabled) {
    await enableUser(userId);
    await audit({ userId: admin.id, action, summary: user.email });
    return;
  }
  const sessions = await disableUser(userId);
  // The rows are gone; also drop what this process remembered and close what is open now.
  for (const id of sessions) forgetSession(id);
  closeSessionSockets(sessions);
  disconnectUser(userId);
  const workspaces = await unstoppedWorkspaceIds(userId);
  await audit({
    userId: admin.id,
    action,
    summary: `${user.email}: ${sessions.length} session(s) ended, ${workspaces.length} workspace(s) stopping`,
  });
  log.info({ userId, sessions: sessions.length, workspaces: workspaces.length }, "account disabled");
  // Each stop is recorded in the owner's trail by the lifecycle, with the reason.
  await Promise.all(
    workspaces.map((id) =>
      stopWorkspaceById(id, DISABLED_STOP_MESSAGE).catch((err) =>
        log.error({ workspaceId: id, err }, "stopping a disabled account's workspace failed"),
      ),
    ),
  );
}
