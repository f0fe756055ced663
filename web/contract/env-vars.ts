// Environment variables and secrets, per person (all their workspaces) and per workspace. A secret's
// value is write-only: after saving, the API answers only that it is set (value null).
import { z } from "zod";

/**
 * Names Kalpana refuses, and why. Every shell in the workspace sources the variables file
 * (env-loader.sh through BASH_ENV and /etc/bash.bashrc), so a variable there acts on the loader, the
 * Nix environment and every program a terminal, a task or the agent starts:
 * - the shell's own start-up and parsing (BASH_ENV, ENV, SHELLOPTS, BASHOPTS, IFS, PS4,
 *   PROMPT_COMMAND, CDPATH, GLOBIGNORE, BASH_XTRACEFD, POSIXLY_CORRECT, BASH_FUNC_*): they would run
 *   code in or change the meaning of every later script, the loader included;
 * - the dynamic linker (LD_*: LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT): a library injected into every
 *   program, Nix's and the image's tools too;
 * - identity and search path (PATH, HOME, USER, LOGNAME, SHELL, PWD, OLDPWD): PATH is the Nix
 *   environment's (the loader re-reads it when PATH lacks /nix/store), the others are what the IDE,
 *   git and Nix locate their files by;
 * - Nix and Kalpana themselves (NIX_*, KALPANA_*): the environment's realisation and the image's
 *   own settings (the loader's bookkeeping is KALPANA_VAR_NAMES and KALPANA_VARS_LOADED);
 * - git's configuration and credential path (GIT_ASKPASS, SSH_ASKPASS, GIT_SSH, GIT_SSH_COMMAND,
 *   GIT_EXEC_PATH, GIT_CONFIG_*, GIT_TERMINAL_PROMPT): the terminal's git gets its credentials from
 *   Kalpana's helper only, which a redirected helper or injected config would bypass.
 * Lower-case spellings are different variables to the shell and stay allowed.
 */
export const RESERVED_ENV_NAMES = [
  "BASH_ENV",
  "ENV",
  "SHELLOPTS",
  "BASHOPTS",
  "IFS",
  "PS4",
  "PROMPT_COMMAND",
  "CDPATH",
  "GLOBIGNORE",
  "BASH_XTRACEFD",
  "POSIXLY_CORRECT",
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "PWD",
  "OLDPWD",
  "GIT_ASKPASS",
  "SSH_ASKPASS",
  "GIT_SSH",
  "GIT_SSH_COMMAND",
  "GIT_EXEC_PATH",
  "GIT_TERMINAL_PROMPT",
] as const;
export const RESERVED_ENV_PREFIXES = [
  "LD_",
  "BASH_FUNC_",
  "NIX_",
  "KALPANA_",
  "GIT_CONFIG",
  "__kalpana",
] as const;

export const MAX_VAR_VALUE = 32 * 1024;
/** Per person and per workspace; the bridge takes up to 200 at once (both together). */
export const MAX_VARS_PER_SCOPE = 100;

/** Why `name` is refused, or null. */
export function envVarNameProblem(name: string): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    return "Use letters, digits and underscores, not starting with a digit";
  if (name.length > 128) return "At most 128 characters";
  if ((RESERVED_ENV_NAMES as readonly string[]).includes(name)) return `${name} is reserved by the workspace`;
  const prefix = RESERVED_ENV_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `Names starting with ${prefix} are reserved by the workspace`;
  return null;
}

export const envVarName = z.string().superRefine((name, ctx) => {
  const problem = envVarNameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** PUT …/variables/<name>: the name comes from the path, checked with the body. */
export const envVarPut = z.object({
  name: envVarName,
  value: z
    .string()
    .max(MAX_VAR_VALUE, "At most 32 KiB")
    .refine((v) => !v.includes("\0"), "A value cannot contain a NUL byte"),
  secret: z.boolean().default(false),
});
export type EnvVarPut = z.infer<typeof envVarPut>;
/** The body of that PUT (value and secret flag); the form sends this. */
export const envVarBody = envVarPut.omit({ name: true });
export type EnvVarBody = z.input<typeof envVarBody>;

export const envVarViewSchema = z.object({
  name: z.string(),
  secret: z.boolean(),
  /** The value of a plain variable; always null for a secret (it is set, never shown again). */
  value: z.string().nullable(),
  updatedAt: z.string(),
});
export type EnvVarView = z.infer<typeof envVarViewSchema>;

/** How an edit reached the running workspaces (new terminals and commands see it at once). */
export const liveApplySchema = z.object({ applied: z.number().int(), failed: z.number().int() });
export type LiveApply = z.infer<typeof liveApplySchema>;

export const userEnvVarsSchema = z.object({ variables: z.array(envVarViewSchema) });
export const workspaceEnvVarsSchema = z.object({
  variables: z.array(envVarViewSchema),
  /** The person's own variables this workspace also gets (its own of the same name win). */
  inherited: z.array(envVarViewSchema),
});
export const envVarSavedSchema = z.object({ variable: envVarViewSchema, live: liveApplySchema });
export const envVarDeletedSchema = z.object({ live: liveApplySchema });
