import { envVarBody, envVarPut } from "@/contract/env-vars";
import { deleteVariable, saveVariable } from "@/server/env-vars/variables";
import { authed, parseInput, readJson } from "@/server/http/route";

export const dynamic = "force-dynamic";

/** Adds or replaces a variable; the running workspaces get it for new terminals and commands. */
export const PUT = authed<{ name: string }>(async (req, user, { name }) =>
  saveVariable(user.id, parseInput(envVarPut, { ...(await readJson(req, envVarBody)), name })),
);

export const DELETE = authed<{ name: string }>(async (_req, user, { name }) => deleteVariable(user.id, name));
