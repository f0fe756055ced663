import { envVarBody, envVarPut } from "@/contract/env-vars";
import { deleteVariable, saveVariable } from "@/server/env-vars/variables";
import { authed, parseInput, readJson } from "@/server/http/route";

export const dynamic = "force-dynamic";

/** Adds or replaces one of the workspace's variables (overrides the person's of the same name). */
export const PUT = authed<{ id: string; name: string }>(async (req, user, { id, name }) =>
  saveVariable(user.id, parseInput(envVarPut, { ...(await readJson(req, envVarBody)), name }), id),
);

export const DELETE = authed<{ id: string; name: string }>(async (_req, user, { id, name }) =>
  deleteVariable(user.id, name, id),
);
