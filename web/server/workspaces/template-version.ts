// Moving a workspace to a newer version of its admin template. Only the recorded version changes:
// the next start writes that version's flake.nix (nix-files.ts startFiles) and kalpana-env realises
// it, so a running workspace keeps its environment until it is restarted.
import type { WorkspaceView } from "../../contract/workspaces";
import { audit } from "../audit/audit";
import { findTemplateVersion } from "../db/templates";
import { writeTemplateVersion } from "../db/workspaces";
import { AppError, fieldError } from "../errors";
import { withWorkspaceLock } from "./lock";
import { getOwned, viewOf } from "./store";

export type MovedTemplateVersion = {
  workspace: WorkspaceView;
  /** The workspace is starting or running: the new version applies at its next start. */
  restartRequired: boolean;
};

export function moveTemplateVersion(
  userId: string,
  id: string,
  version: number,
): Promise<MovedTemplateVersion> {
  return withWorkspaceLock(id, async () => {
    const w = await getOwned(userId, id);
    const from = w.templateVersion;
    if (from === null)
      throw new AppError(
        "conflict",
        "This workspace was not made from an admin template: it has no versions.",
      );
    // The agent (or an import) gave it its own flake; that one wins over any template version.
    if (w.nixConfig)
      throw new AppError(
        "conflict",
        "This workspace uses its own Nix configuration now; a template version would not apply.",
      );
    if (version <= from)
      throw fieldError("version", `the workspace is at v${from}; only a newer version can be chosen`);
    if (!(await findTemplateVersion(w.template, version)))
      throw fieldError("version", `template "${w.template}" has no version ${version}`);
    if (!(await writeTemplateVersion(id, version)))
      throw new AppError("conflict", "The workspace changed meanwhile; reload and try again.");
    await audit({
      userId,
      workspaceId: id,
      action: "workspace.template-version",
      summary: `${w.name}: ${w.template} v${from} → v${version}`,
    });
    const row = await getOwned(userId, id);
    return {
      workspace: await viewOf(row),
      restartRequired: row.status === "RUNNING" || row.status === "STARTING",
    };
  });
}
