// The person's variables and secrets, as the routes see them: ownership, the store, the audit trail
// (names only, never values) and live delivery to the running workspaces.
import type { EnvVarPut, EnvVarView, LiveApply } from "../../contract/env-vars";
import { audit } from "../audit/audit";
import { deleteEnvVar, type EnvScope, listEnvVars, setEnvVar } from "../db/env-vars";
import { notFound } from "../errors";
import { getOwned } from "../workspaces/store";
import { applyEnvVars } from "./deliver";

/** A workspace's scope once `userId` is known to own it (someone else's answers 404). */
async function scopeOf(userId: string, workspaceId?: string): Promise<EnvScope> {
  if (workspaceId === undefined) return { userId };
  await getOwned(userId, workspaceId);
  return { workspaceId };
}

export async function listUserVariables(userId: string): Promise<{ variables: EnvVarView[] }> {
  return { variables: await listEnvVars({ userId }) };
}

export async function listWorkspaceVariables(
  userId: string,
  workspaceId: string,
): Promise<{ variables: EnvVarView[]; inherited: EnvVarView[] }> {
  const scope = await scopeOf(userId, workspaceId);
  const [variables, inherited] = await Promise.all([listEnvVars(scope), listEnvVars({ userId })]);
  return { variables, inherited };
}

export async function saveVariable(
  userId: string,
  input: EnvVarPut,
  workspaceId?: string,
): Promise<{ variable: EnvVarView; live: LiveApply }> {
  const variable = await setEnvVar(await scopeOf(userId, workspaceId), input);
  await audit({
    userId,
    workspaceId: workspaceId ?? null,
    action: "variables.set",
    summary: `${input.name}${input.secret ? " (secret)" : ""}`,
  });
  return { variable, live: await applyEnvVars(userId, workspaceId) };
}

export async function deleteVariable(
  userId: string,
  name: string,
  workspaceId?: string,
): Promise<{ live: LiveApply }> {
  if (!(await deleteEnvVar(await scopeOf(userId, workspaceId), name))) throw notFound("Variable not found");
  await audit({ userId, workspaceId: workspaceId ?? null, action: "variables.delete", summary: name });
  return { live: await applyEnvVars(userId, workspaceId) };
}
