// The workspace contract shared by the API routes, the socket events and the UI. Views carry no
// secrets and no container internals (ids, ports, bridge secret stay on the server). Browser-safe:
// no Node built-ins here (the lint rule for web/contract refuses them).
import { z } from "zod";
import type { editorEvent } from "./editor";
import { importedEnvSchema, workspaceSetupSchema } from "./portable-config";

export const WORKSPACE_STATUSES = ["STOPPED", "STARTING", "RUNNING", "STOPPING", "ERROR"] as const;
export const workspaceStatusSchema = z.enum(WORKSPACE_STATUSES);
export type WorkspaceStatus = z.infer<typeof workspaceStatusSchema>;

/** Start phases in order; "ready" once RUNNING. */
export const WORKSPACE_PHASES = ["container", "bridge", "clone", "nix", "ide", "ready"] as const;
export const workspacePhaseSchema = z.enum(WORKSPACE_PHASES);
export type WorkspacePhase = z.infer<typeof workspacePhaseSchema>;

export const nixConfigKindSchema = z.enum(["flake", "shell"]);
export type NixConfigKind = z.infer<typeof nixConfigKindSchema>;

export const workspaceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  template: z.string(),
  /** The admin template version the workspace uses; null for built-in, folder and custom ones. */
  templateVersion: z.number().int().nullable(),
  /** That template's newest version (offered as "update to vN" when higher); null as above. */
  latestTemplateVersion: z.number().int().nullable(),
  nixConfigKind: nixConfigKindSchema.nullable(),
  repoUrl: z.string().nullable(),
  branch: z.string().nullable(),
  status: workspaceStatusSchema,
  phase: workspacePhaseSchema.nullable(),
  statusMessage: z.string().nullable(),
  memoryMb: z.number(),
  cpus: z.number(),
  lastActiveAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WorkspaceView = z.infer<typeof workspaceViewSchema>;

export const MAX_NIX_CONFIG_BYTES = 64 * 1024;
// TextEncoder instead of Buffer: the browser runs the same checks.
export const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;
export const NAME_PATTERN = /^[A-Za-z0-9 _.-]+$/;

/** Same rules as `git check-ref-format` in the common cases; a leading "-" would be an option. */
export const gitRefSchema = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (r) =>
      // biome-ignore lint/suspicious/noControlCharactersInRegex: git forbids control characters in refs
      !/[\s~^:?*[\\\x00-\x1f\x7f]/.test(r) &&
      !r.startsWith("-") &&
      !r.startsWith("/") &&
      !r.endsWith("/") &&
      !r.endsWith(".") &&
      !r.endsWith(".lock") &&
      !r.includes("..") &&
      !r.includes("//") &&
      !r.includes("@{") &&
      r !== "@",
    "not a valid git branch name",
  );

export const workspaceNameSchema = z
  .string()
  .trim()
  .min(1, "name is required")
  .max(40, "name is at most 40 characters")
  .regex(NAME_PATTERN, "name may use letters, digits, spaces and - _ .");

/**
 * Shape-level input; the server additionally checks that the template exists and that repoUrl is on
 * the configured GitHub host (see workspaces/validate.ts), which the UI cannot know statically.
 */
export const createWorkspaceInput = z
  .object({
    name: workspaceNameSchema,
    template: z.string().min(1).max(64).optional(),
    nixConfig: z
      .string()
      .refine((s) => utf8Bytes(s) <= MAX_NIX_CONFIG_BYTES, "nixConfig is larger than 64 KiB")
      .optional(),
    nixConfigKind: nixConfigKindSchema.optional(),
    repoUrl: z.string().trim().max(2048).optional(),
    branch: gitRefSchema.optional(),
    memoryMb: z.number().int().min(256).max(65536).optional(),
    cpus: z.number().min(0.25).max(64).optional(),
    /**
     * Taken over from the repository's own config (GET /api/github/repos/<o>/<r>/config): its
     * extensions, hooks and ports, and its variables (stored as the workspace's, not secret). Its
     * Nix config comes in nixConfig/nixConfigKind like any custom one.
     */
    setup: workspaceSetupSchema.optional(),
    env: importedEnvSchema.optional(),
  })
  .strict()
  .refine((v) => Boolean(v.template) !== Boolean(v.nixConfig), {
    message: "choose a template or provide a custom nixConfig (not both)",
    path: ["template"],
  })
  .refine((v) => !v.nixConfig || Boolean(v.nixConfigKind), {
    message: "nixConfigKind is required with nixConfig",
    path: ["nixConfigKind"],
  });
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceInput>;

export const deleteWorkspaceInput = z.object({ confirmName: z.string() });

export const templateViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  icon: z.string().optional(),
  tools: z.array(z.object({ name: z.string(), command: z.string() })).default([]),
  previewPorts: z.array(z.number()).default([]),
  resources: z.object({ memoryMb: z.number().optional(), cpus: z.number().optional() }).optional(),
  /** An admin template's current version (built-in and folder templates have none). */
  version: z.number().int().optional(),
});
export type TemplateView = z.infer<typeof templateViewSchema>;

/** A TCP port listening in the workspace; `url` (on the app) opens its preview in a new tab. */
export const portViewSchema = z.object({
  port: z.number().int(),
  address: z.string(),
  url: z.string(),
});
export type PortView = z.infer<typeof portViewSchema>;

export const phaseLogSchema = z.object({
  phase: workspacePhaseSchema,
  status: z.enum(["pending", "running", "done", "warning", "error"]),
  lines: z.array(z.string()),
});
export type PhaseLog = z.infer<typeof phaseLogSchema>;

// ---- socket.io events (server → client) ----
export const statusEvent = z.object({
  id: z.string(),
  status: workspaceStatusSchema,
  phase: workspacePhaseSchema.nullable(),
  message: z.string().nullable(),
});
export const progressEvent = z.object({ id: z.string(), phase: workspacePhaseSchema, percent: z.number() });
export const logEvent = z.object({
  id: z.string(),
  phase: workspacePhaseSchema,
  line: z.string(),
  at: z.string(),
});
/** A start phase ended with a warning (Nix failed: the workspace runs on the base image). */
export const phaseWarningEvent = z.object({ id: z.string(), phase: workspacePhaseSchema });
export const idleWarningEvent = z.object({ id: z.string(), stopsAt: z.string() });
export const statsEvent = z.object({ id: z.string(), cpuPercent: z.number(), memoryMb: z.number() });
export type StatusEvent = z.infer<typeof statusEvent>;
export type ProgressEvent = z.infer<typeof progressEvent>;
export type LogEvent = z.infer<typeof logEvent>;
export type PhaseWarningEvent = z.infer<typeof phaseWarningEvent>;
/** A running workspace's resource use, as the stats event reports it. */
export type WorkspaceStats = Omit<z.infer<typeof statsEvent>, "id">;

// ---- socket.io events (client → server) ----
export const joinInput = z.object({ id: z.string().min(1).max(64) });
/** A workspace tab tells whether it is in front (visible): only such tabs count as activity. */
export const presenceInput = joinInput.extend({ active: z.boolean() });
export type JoinAck = { ok: true } | { ok: false; error: string };

export type ServerToClientEvents = {
  "workspace:status": (p: z.infer<typeof statusEvent>) => void;
  "workspace:progress": (p: z.infer<typeof progressEvent>) => void;
  "workspace:log": (p: z.infer<typeof logEvent>) => void;
  "workspace:phase-warning": (p: z.infer<typeof phaseWarningEvent>) => void;
  "workspace:idle-warning": (p: z.infer<typeof idleWarningEvent>) => void;
  "workspace:stats": (p: z.infer<typeof statsEvent>) => void;
  "workspace:editor": (p: z.infer<typeof editorEvent>) => void;
};
export type ClientToServerEvents = {
  "workspace:join": (p: z.infer<typeof joinInput>, ack: (a: JoinAck) => void) => void;
  "workspace:leave": (p: z.infer<typeof joinInput>) => void;
  "workspace:presence": (p: z.infer<typeof presenceInput>) => void;
};
export type WorkspaceEvent = keyof ServerToClientEvents;
export type WorkspaceEventPayload<E extends WorkspaceEvent> = Parameters<ServerToClientEvents[E]>[0];
