// Environment variables and secrets: UserEnvVar (a person's, for all their workspaces) and
// WorkspaceEnvVar (one workspace's). Every value is encrypted at rest; a secret's value leaves this
// module only through revealEnvVars, for delivery into the person's own workspace. Callers check
// ownership of a workspace first (workspaces/store.ts getOwned).
import type { EnvVarPut, EnvVarView } from "../../contract/env-vars";
import { MAX_VARS_PER_SCOPE } from "../../contract/env-vars";
import { decryptSecret, encryptSecret } from "../crypto";
import { fieldError } from "../errors";
import { type Db, db } from "./client";
import { inTx, type Queryable } from "./tx";

export type EnvScope = { userId: string } | { workspaceId: string };
export type EnvEntry = { name: string; value: string };

type Row = { name: string; secret: boolean; encryptedValue: string; updatedAt: Date };

const toView = (r: Row): EnvVarView => ({
  name: r.name,
  secret: r.secret,
  value: r.secret ? null : decryptSecret(r.encryptedValue),
  updatedAt: r.updatedAt.toISOString(),
});

// The two tables have the same columns; one pair of helpers picks the table by scope.
function findRows(scope: EnvScope, q: Queryable): Promise<Row[]> {
  const orderBy = { name: "asc" as const };
  return "userId" in scope
    ? q.userEnvVar.findMany({ where: { userId: scope.userId }, orderBy })
    : q.workspaceEnvVar.findMany({ where: { workspaceId: scope.workspaceId }, orderBy });
}

export async function listEnvVars(scope: EnvScope, q: Queryable = db()): Promise<EnvVarView[]> {
  return (await findRows(scope, q)).map(toView);
}

/** Adds or replaces one variable; a new one past the per-scope cap is refused. */
export function setEnvVar(scope: EnvScope, input: EnvVarPut, client: Db = db()): Promise<EnvVarView> {
  const data = { encryptedValue: encryptSecret(input.value), secret: input.secret };
  return inTx(async (tx) => {
    const rows = await findRows(scope, tx);
    if (!rows.some((r) => r.name === input.name) && rows.length >= MAX_VARS_PER_SCOPE)
      throw fieldError("name", `At most ${MAX_VARS_PER_SCOPE} variables here`);
    const row =
      "userId" in scope
        ? await tx.userEnvVar.upsert({
            where: { userId_name: { userId: scope.userId, name: input.name } },
            create: { userId: scope.userId, name: input.name, ...data },
            update: data,
          })
        : await tx.workspaceEnvVar.upsert({
            where: { workspaceId_name: { workspaceId: scope.workspaceId, name: input.name } },
            create: { workspaceId: scope.workspaceId, name: input.name, ...data },
            update: data,
          });
    return toView(row);
  }, client);
}

/** True when there was such a variable. */
export async function deleteEnvVar(scope: EnvScope, name: string, q: Queryable = db()): Promise<boolean> {
  const { count } =
    "userId" in scope
      ? await q.userEnvVar.deleteMany({ where: { userId: scope.userId, name } })
      : await q.workspaceEnvVar.deleteMany({ where: { workspaceId: scope.workspaceId, name } });
  return count > 0;
}

/**
 * What a workspace's shells get: the owner's variables, then the workspace's own (a workspace value
 * overrides the owner's of the same name). Decrypted for delivery only: never log or return it.
 */
export async function revealEnvVars(
  userId: string,
  workspaceId: string,
  q: Queryable = db(),
): Promise<EnvEntry[]> {
  const [mine, its] = await Promise.all([findRows({ userId }, q), findRows({ workspaceId }, q)]);
  const merged = new Map<string, string>();
  for (const r of [...mine, ...its]) merged.set(r.name, decryptSecret(r.encryptedValue));
  return [...merged].map(([name, value]) => ({ name, value }));
}

/**
 * The values of the secrets a workspace's shells get (the owner's and its own), so that what the
 * agent's tools print is masked before the model or the stored history sees it. Never log them.
 */
export async function revealSecretValues(
  userId: string,
  workspaceId: string,
  q: Queryable = db(),
): Promise<string[]> {
  const rows = [...(await findRows({ userId }, q)), ...(await findRows({ workspaceId }, q))];
  return rows.filter((r) => r.secret).map((r) => decryptSecret(r.encryptedValue));
}
