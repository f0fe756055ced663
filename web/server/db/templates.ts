// The team-template repository: the only module that queries the Template and TemplateVersion
// tables. A version row is written once and never updated or deleted (workspaces made from it keep
// getting exactly that flake).
import { db } from "./client";
import { isUniqueViolation } from "./errors";
import { inTx, type Queryable } from "./tx";

export type TemplateRow = {
  id: string;
  name: string;
  description: string;
  icon: string;
  memoryMb: number | null;
  cpus: number | null;
  extensions: string[];
  currentVersion: number;
  createdBy: string;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type TemplateVersionRow = {
  templateId: string;
  version: number;
  flake: string;
  createdBy: string;
  createdAt: Date;
};

export type TemplateMetadata = Pick<
  TemplateRow,
  "name" | "description" | "icon" | "memoryMb" | "cpus" | "extensions"
>;

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

function toRow(t: Omit<TemplateRow, "extensions"> & { extensions: unknown }): TemplateRow {
  return { ...t, extensions: strings(t.extensions) };
}

export async function listTemplateRows(
  o: { archived?: boolean } = {},
  q: Queryable = db(),
): Promise<TemplateRow[]> {
  const rows = await q.template.findMany({
    where: o.archived ? {} : { archivedAt: null },
    orderBy: { id: "asc" },
  });
  return rows.map(toRow);
}

export async function findTemplateRow(id: string, q: Queryable = db()): Promise<TemplateRow | null> {
  const t = await q.template.findUnique({ where: { id } });
  return t ? toRow(t) : null;
}

/** The newest version of each id in `ids` (archived templates included). */
export async function currentVersions(ids: string[], q: Queryable = db()): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await q.template.findMany({
    where: { id: { in: ids } },
    select: { id: true, currentVersion: true },
  });
  return new Map(rows.map((r) => [r.id, r.currentVersion]));
}

export function findTemplateVersion(
  templateId: string,
  version: number,
  q: Queryable = db(),
): Promise<TemplateVersionRow | null> {
  return q.templateVersion.findUnique({ where: { templateId_version: { templateId, version } } });
}

/** Newest first, without the flakes. */
export function listTemplateVersions(
  templateId: string,
  q: Queryable = db(),
): Promise<Omit<TemplateVersionRow, "flake">[]> {
  return q.templateVersion.findMany({
    where: { templateId },
    orderBy: { version: "desc" },
    select: { templateId: true, version: true, createdBy: true, createdAt: true },
  });
}

/** Creates the template with version 1; null when the id is taken. */
export async function insertTemplate(
  t: TemplateMetadata & { id: string; flake: string; createdBy: string },
): Promise<TemplateRow | null> {
  const { flake, ...rest } = t;
  try {
    return await inTx(async (tx) => {
      const row = await tx.template.create({ data: { ...rest, currentVersion: 1 } });
      await tx.templateVersion.create({
        data: { templateId: t.id, version: 1, flake, createdBy: t.createdBy },
      });
      return toRow(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/**
 * Writes the metadata and, when `flake` differs from the current version's, adds the next version.
 * Null when the template is gone. Two concurrent updates cannot both add version N+1 (the key).
 */
export function updateTemplateRow(
  id: string,
  meta: TemplateMetadata,
  flake: string,
  by: string,
): Promise<{ row: TemplateRow; newVersion: number | null } | null> {
  return inTx(async (tx) => {
    const cur = await tx.template.findUnique({ where: { id } });
    if (!cur) return null;
    const last = await findTemplateVersion(id, cur.currentVersion, tx);
    let newVersion: number | null = null;
    if (last?.flake !== flake) {
      newVersion = cur.currentVersion + 1;
      await tx.templateVersion.create({
        data: { templateId: id, version: newVersion, flake, createdBy: by },
      });
    }
    const row = await tx.template.update({
      where: { id },
      data: { ...meta, ...(newVersion ? { currentVersion: newVersion } : {}) },
    });
    return { row: toRow(row), newVersion };
  });
}

/** Archives (or restores) a template; null when it is gone. */
export async function setTemplateArchived(
  id: string,
  archived: boolean,
  q: Queryable = db(),
): Promise<TemplateRow | null> {
  const r = await q.template.updateMany({
    where: { id },
    data: { archivedAt: archived ? new Date() : null },
  });
  return r.count ? findTemplateRow(id, q) : null;
}
