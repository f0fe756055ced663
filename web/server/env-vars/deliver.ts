// Delivery of a person's variables and secrets into their workspaces: at every start (provision.ts,
// right after the bridge answers, before the clone, the Nix phase and the IDE) and after every edit
// to the workspaces that run. The bridge writes them to a tmpfs file the env loader sources
// (bridge/ops/vars/write-env-vars.ts): never container env or labels, never a disk. Values are never
// logged; a failed delivery is logged by workspace id only.
import type { BridgeClient } from "@kalpana/bridge/client";
import type { LiveApply } from "../../contract/env-vars";
import { revealEnvVars } from "../db/env-vars";
import { listOwned, type WorkspaceRow } from "../db/workspaces";
import { logger } from "../log/log";
import { sharedBridge } from "../workspaces/bridge";

const log = logger("env-vars");
const CALL_TIMEOUT_MS = 10_000;

/** Writes the workspace's merged variables (the owner's, overridden by its own) through `bridge`. */
export async function deliverEnvVars(
  bridge: BridgeClient,
  userId: string,
  workspaceId: string,
): Promise<void> {
  const vars = await revealEnvVars(userId, workspaceId);
  await bridge.env.vars({ vars }, { timeoutMs: CALL_TIMEOUT_MS });
}

/** RUNNING, or starting past the bridge phase (which already read the values it delivered). */
const reachable = (w: WorkspaceRow) =>
  w.status === "RUNNING" ||
  (w.status === "STARTING" && ["clone", "nix", "ide", "ready"].includes(w.phase ?? ""));

/**
 * After an edit: the new file for each of the person's RUNNING workspaces (only `workspaceId` when
 * the edit was that workspace's own), so new terminals and commands see it without a restart. A
 * workspace before its bridge phase reads the stored values itself when its bridge comes up.
 */
export async function applyEnvVars(userId: string, workspaceId?: string): Promise<LiveApply> {
  const running = (await listOwned(userId)).filter(
    (w) => (workspaceId === undefined || w.id === workspaceId) && reachable(w),
  );
  const outcomes = await Promise.all(
    running.map(async (w) => {
      try {
        await deliverEnvVars(await sharedBridge(w.id), userId, w.id);
        return true;
      } catch (err) {
        log.warn({ workspaceId: w.id, code: (err as { code?: string }).code }, "variables not delivered");
        return false;
      }
    }),
  );
  const applied = outcomes.filter(Boolean).length;
  return { applied, failed: outcomes.length - applied };
}
