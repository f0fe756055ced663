import { z } from "zod";

// The person's environment variables and secrets (set in the web app), written into the workspace
// for env-loader.sh to source: terminals, tasks and the agent's commands get them, the container's
// own env, labels and `docker inspect` never do. The control plane owns the rules for names (its
// deny list is in web/contract/env-vars.ts); the bridge checks only what keeps the file sound.

/** POSIX portable names: letters, digits and underscores, not starting with a digit. */
export const ENV_VAR_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const MAX_ENV_VAR_NAME = 128;
export const MAX_ENV_VAR_VALUE = 32 * 1024;
export const MAX_ENV_VARS = 200;
/** The loader's own bookkeeping (env-loader.sh): a variable named so would break unloading. */
export const LOADER_VAR_NAMES = ["KALPANA_VAR_NAMES", "KALPANA_VARS_LOADED"] as const;

export const EnvVarEntry = z.object({
  name: z
    .string()
    .max(MAX_ENV_VAR_NAME)
    .regex(ENV_VAR_NAME_PATTERN)
    .refine((n) => !(LOADER_VAR_NAMES as readonly string[]).includes(n) && !n.startsWith("__kalpana"), {
      message: "reserved for the environment loader",
    }),
  // The environment cannot hold a NUL byte; every other byte is delivered as it is.
  value: z
    .string()
    .max(MAX_ENV_VAR_VALUE)
    .refine((v) => !v.includes("\0"), { message: "a value cannot contain a NUL byte" }),
});
export type EnvVarEntry = z.infer<typeof EnvVarEntry>;

/** Replaces the whole variables file (atomically): what is not listed is gone for new shells. */
export const EnvVarsWriteParams = z.object({
  vars: z
    .array(EnvVarEntry)
    .max(MAX_ENV_VARS)
    .refine((vs) => new Set(vs.map((v) => v.name)).size === vs.length, { message: "duplicate name" }),
});
export const EnvVarsWriteResult = z.object({ count: z.number().int().min(0) });
