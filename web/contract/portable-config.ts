// Portable configs: what a repository's own environment file (flake.nix, .idx/dev.nix,
// .devcontainer/devcontainer.json) becomes in Kalpana, as GET /api/github/repos/<o>/<r>/config
// answers it and as the create form sends it back in POST /api/workspaces. Everything here came
// from a repository, i.e. from whoever controls it: every list and string is capped, and the server
// parses the create input with these same schemas. Browser-safe (no Node built-ins).
import { z } from "zod";
import { envVarName, MAX_VAR_VALUE } from "./env-vars";

export const CONFIG_SOURCES = ["flake", "dev.nix", "devcontainer"] as const;
export const configSourceSchema = z.enum(CONFIG_SOURCES);
export type ConfigSource = z.infer<typeof configSourceSchema>;

/** Where each source lives in a repository (its top folder). */
export const CONFIG_PATHS: Record<ConfigSource, string> = {
  flake: "flake.nix",
  "dev.nix": ".idx/dev.nix",
  devcontainer: ".devcontainer/devcontainer.json",
};

/** A repository file larger than this is not read (the GitHub contents API is asked for its size). */
export const MAX_CONFIG_FILE_BYTES = 64 * 1024;
export const MAX_HOOKS = 20;
export const MAX_HOOK_COMMAND = 4096;
export const MAX_PORTS = 20;
export const MAX_EXTENSIONS = 50;
export const MAX_PACKAGES = 200;
export const MAX_WARNINGS = 50;

/**
 * An extension id as Open VSX names it: `publisher.name`, optionally `@version`. The publisher
 * (namespace) and name become path segments of the gallery URL, so nothing else gets through.
 */
export const EXTENSION_ID_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9-]{0,62}\.[A-Za-z0-9][A-Za-z0-9_.-]{0,99}(@\d{1,6}\.\d{1,6}\.\d{1,6}(-[A-Za-z0-9.]{1,40})?)?$/;
export const extensionIdSchema = z
  .string()
  .regex(EXTENSION_ID_PATTERN, "an extension id is publisher.name or publisher.name@1.2.3");

/** A named shell command from the repository; it runs only inside the workspace, as its user. */
export const hookSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "a hook name uses letters, digits and _ . - (at most 64)"),
  command: z
    .string()
    .min(1)
    .max(MAX_HOOK_COMMAND)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL cannot reach bash's -c argument
    .refine((c) => !/\x00/.test(c), "a hook command cannot contain NUL"),
});
export type Hook = z.infer<typeof hookSchema>;

/** What runs in the workspace besides Nix: hooks, declared ports, VS Code extensions. */
export const workspaceSetupSchema = z
  .object({
    /** Once, at the first start (dev.nix onCreate, devcontainer postCreateCommand). */
    onCreate: z.array(hookSchema).max(MAX_HOOKS).default([]),
    /** At every start (dev.nix onStart and previews, devcontainer postStartCommand). */
    onStart: z.array(hookSchema).max(MAX_HOOKS).default([]),
    /** Preview ports the config declares (forwardPorts, previews). */
    ports: z.array(z.number().int().min(1).max(65535)).max(MAX_PORTS).default([]),
    extensions: z.array(extensionIdSchema).max(MAX_EXTENSIONS).default([]),
  })
  .strict();
export type WorkspaceSetup = z.infer<typeof workspaceSetupSchema>;

export const importedEnvSchema = z
  .array(
    z.object({
      name: envVarName,
      value: z
        .string()
        .max(MAX_VAR_VALUE)
        // biome-ignore lint/suspicious/noControlCharactersInRegex: variables cannot hold NUL
        .refine((v) => !/\x00/.test(v), "a value cannot contain NUL"),
    }),
  )
  .max(100);
export type ImportedEnv = z.infer<typeof importedEnvSchema>;

/** One repository file converted: the Nix config to use, and what goes beside it. */
export const importedConfigSchema = z.object({
  source: configSourceSchema,
  path: z.string(),
  /** flake.nix / shell.nix text for the workspace's env folder. */
  nixConfig: z.string(),
  nixConfigKind: z.enum(["flake", "shell"]),
  /** The nixpkgs attributes the config installs (for the preview; they are in nixConfig). */
  packages: z.array(z.string()).max(MAX_PACKAGES),
  /** Become the workspace's variables (not secrets). */
  env: importedEnvSchema,
  setup: workspaceSetupSchema,
  /** What was not carried over, and how to say it in Nix instead. */
  warnings: z.array(z.string()).max(MAX_WARNINGS),
});
export type ImportedConfig = z.infer<typeof importedConfigSchema>;

/** GET /api/github/repos/<owner>/<repo>/config?ref= */
export const repoConfigQuery = z.object({ ref: z.string().max(255).optional() });
export const repoConfigSchema = z.object({
  found: z.object({ flake: z.boolean(), "dev.nix": z.boolean(), devcontainer: z.boolean() }),
  /** One per file found and readable, in the order above (a repository's flake first). */
  configs: z.array(importedConfigSchema),
  /** Files found but not usable (too large, not parseable), with the reason. */
  problems: z.array(z.object({ path: z.string(), problem: z.string() })),
});
export type RepoConfig = z.infer<typeof repoConfigSchema>;
