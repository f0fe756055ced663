// Team templates administrators make in the UI: list, create (version 1), update (a changed flake
// is the next version; versions are never edited or deleted) and archive. Every change is audited.
// The flake is Nix code that runs in every workspace made from it, so only administrators write
// templates (the routes use adminRoute) and the flake passes contract/templates.ts flakeProblem.
import type {
  AdminTemplateView,
  CreateTemplateInput,
  TemplateVersionView,
  UpdateTemplateInput,
} from "../../contract/templates";
import { utf8Bytes } from "../../contract/workspaces";
import { audit } from "../audit/audit";
import type { SessionUser } from "../auth/session";
import {
  findTemplateRow,
  findTemplateVersion,
  insertTemplate,
  listTemplateRows,
  listTemplateVersions,
  setTemplateArchived,
  type TemplateRow,
  updateTemplateRow,
} from "../db/templates";
import { fieldError, notFound } from "../errors";
import { fileTemplateIds } from "../workspaces/templates";

async function view(t: TemplateRow): Promise<AdminTemplateView> {
  const [versions, current] = await Promise.all([
    listTemplateVersions(t.id),
    findTemplateVersion(t.id, t.currentVersion),
  ]);
  return {
    ...t,
    archivedAt: t.archivedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    versions: versions.map((v) => ({
      version: v.version,
      createdBy: v.createdBy,
      createdAt: v.createdAt.toISOString(),
    })),
    flake: current?.flake ?? "",
  };
}

async function found(id: string): Promise<TemplateRow> {
  const t = await findTemplateRow(id);
  if (!t) throw notFound("Template not found");
  return t;
}

/** Every admin template, archived ones included. */
export async function listAdminTemplates(): Promise<AdminTemplateView[]> {
  return Promise.all((await listTemplateRows({ archived: true })).map(view));
}

export async function getAdminTemplate(id: string): Promise<AdminTemplateView> {
  return view(await found(id));
}

export async function getTemplateVersion(id: string, version: number): Promise<TemplateVersionView> {
  const v = Number.isSafeInteger(version) ? await findTemplateVersion(id, version) : null;
  if (!v) throw notFound("Template version not found");
  return { ...v, createdAt: v.createdAt.toISOString() };
}

const taken = (id: string) =>
  fieldError("id", `"${id}" is already a template's id; pick another`, "conflict");

export async function createAdminTemplate(
  admin: SessionUser,
  input: CreateTemplateInput,
): Promise<AdminTemplateView> {
  // One namespace: a workspace's template id must keep meaning one template.
  if (fileTemplateIds().has(input.id)) throw taken(input.id);
  const row = await insertTemplate({ ...input, createdBy: admin.id });
  if (!row) throw taken(input.id);
  await audit({
    userId: admin.id,
    action: "admin.template-create",
    summary: `${row.id} v1 (${utf8Bytes(input.flake)} bytes of flake.nix)`,
  });
  return view(row);
}

export async function updateAdminTemplate(
  admin: SessionUser,
  id: string,
  input: UpdateTemplateInput,
): Promise<AdminTemplateView> {
  const { flake, ...meta } = input;
  const r = await updateTemplateRow(id, meta, flake, admin.id);
  if (!r) throw notFound("Template not found");
  await audit({
    userId: admin.id,
    action: "admin.template-update",
    summary: r.newVersion
      ? `${id} v${r.newVersion} (${utf8Bytes(flake)} bytes of flake.nix)`
      : `${id}: details only (still v${r.row.currentVersion})`,
  });
  return view(r.row);
}

export async function archiveAdminTemplate(
  admin: SessionUser,
  id: string,
  archived: boolean,
): Promise<AdminTemplateView> {
  const row = await setTemplateArchived(id, archived);
  if (!row) throw notFound("Template not found");
  await audit({
    userId: admin.id,
    action: archived ? "admin.template-archive" : "admin.template-restore",
    summary: id,
  });
  return view(row);
}
