// The admin contract: what /api/admin/* accepts and answers, shared by the routes and the admin
// page. Views carry no secrets (no bridge secrets, tokens or container ids). Browser-safe.
import { z } from "zod";
import { workspaceStatusSchema } from "./workspaces";

export const adminUserViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  admin: z.boolean(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  workspaces: z.number(),
  running: z.number(),
});
export type AdminUserView = z.infer<typeof adminUserViewSchema>;

export const adminWorkspaceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: workspaceStatusSchema,
  statusMessage: z.string().nullable(),
  owner: z.object({ id: z.string(), email: z.string() }),
  /** The container platform's node the workspace runs on (one engine today). */
  node: z.string().nullable(),
  memoryMb: z.number(),
  cpus: z.number(),
  /** Live figures, RUNNING workspaces only (null when the engine gave none). */
  usage: z.object({ cpuPercent: z.number(), memoryMb: z.number() }).nullable(),
  lastActiveAt: z.string(),
  createdAt: z.string(),
});
export type AdminWorkspaceView = z.infer<typeof adminWorkspaceViewSchema>;

export const setUserDisabledSchema = z.object({ disabled: z.boolean() }).strict();
export type SetUserDisabled = z.infer<typeof setUserDisabledSchema>;

/** Query string of GET /api/admin/audit; every filter optional, combined with AND. */
export const auditQuerySchema = z
  .object({
    /** The acting user's id. */
    actor: z.string().min(1).max(200).optional(),
    /** An exact action ("workspace.stop") or a family ending in a dot ("admin."). */
    action: z.string().min(1).max(100).optional(),
    workspace: z.string().min(1).max(64).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const adminAuditViewSchema = z.object({
  id: z.string(),
  userId: z.string(),
  /** The actor's email when the account still exists. */
  actorEmail: z.string().nullable(),
  workspaceId: z.string().nullable(),
  action: z.string(),
  summary: z.string(),
  outcome: z.string(),
  createdAt: z.string(),
});
export type AdminAuditView = z.infer<typeof adminAuditViewSchema>;

const limit = (max: number) => z.number().int().min(1).max(max);
/** Running-workspace limits; null clears the override (the environment's default applies). */
export const quotaInputSchema = z
  .object({ perUser: limit(1000).nullable(), total: limit(10000).nullable() })
  .partial()
  .strict();
export type QuotaInput = z.infer<typeof quotaInputSchema>;

export const quotaViewSchema = z.object({
  /** What claims use now. */
  effective: z.object({ perUser: z.number(), total: z.number() }),
  /** The environment's values (KALPANA_MAX_RUNNING_PER_USER / _TOTAL). */
  defaults: z.object({ perUser: z.number(), total: z.number() }),
  overrides: z.object({ perUser: z.number().nullable(), total: z.number().nullable() }),
});
export type QuotaView = z.infer<typeof quotaViewSchema>;

export const orphanViewSchema = z.object({
  workspaceId: z.string(),
  /** The labelled owner id, if any. */
  ownerId: z.string().nullable(),
  container: z.object({ state: z.string() }).nullable(),
  volumes: z.array(z.string()),
});
export type OrphanView = z.infer<typeof orphanViewSchema>;
