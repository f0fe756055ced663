// The start pipeline: container → bridge → clone → nix → ide → RUNNING. Runs after the lifecycle
// lock is released (active.ts tracks it; a stop or delete cancels it). Every phase goes through
// state.ts (persisted and published); a failure ends in ERROR with a FIXED sentence for the user,
// while the exception itself goes only to the server log. A Nix failure is only a warning: the IDE
// still starts with the base tools.
import type { BridgeClient } from "@kalpana/bridge/client";
import type { WorkspacePhase } from "../../contract/workspaces";
import { config } from "../config";
import type { WorkspaceRow } from "../db/workspaces";
import { setUpDotfiles } from "../dotfiles/install";
import { deliverEnvVars } from "../env-vars/deliver";
import { setUpExtensions } from "../extensions/install";
import { withLogContext } from "../log/context";
import { logger } from "../log/log";
import { countBridgeError, metrics } from "../metrics/metrics";
import { runtime } from "../runtime/index";
import { connectStartingBridge } from "./bridge";
import { runSetupHooks } from "./hooks";
import { workspaceImage } from "./image";
import { sharedNixConfig, startFiles } from "./nix-files";
import { cloneRepository, type ProvisionContext, waitForIde, waitForNix } from "./provision-steps";
import { enterPhase, failStart, finishPhase, logLine, resetReport, setState } from "./state";

export class Cancelled extends Error {}

const log = logger("workspaces");

/** What a user is told when the start fails in a phase: fixed text, never an exception's. */
export const START_FAILED: Record<WorkspacePhase, string> = {
  container: "Starting the container failed.",
  bridge: "Connecting to the workspace failed.",
  clone: "Cloning the repository failed. Check the URL, the branch and your access to it.",
  nix: "Preparing the Nix environment failed.",
  ide: "Starting the IDE failed.",
  ready: "Start failed.",
};
const TRY_AGAIN = " Try again; if it keeps failing, the server log has the details.";

function extraEnv(id: string): Record<string, string> {
  const env: Record<string, string> = {};
  // Only the opt-in path mode serves code-server under a prefix of the app's origin.
  if (config().origins.sameOriginIde) env.KALPANA_IDE_BASE_PATH = `/w/${id}/ide`;
  if (config().KALPANA_NIX_STUB) env.KALPANA_NIX_STUB = "1";
  if (config().KALPANA_NIX_OFFLINE) env.KALPANA_NIX_OFFLINE = "1";
  return env;
}

/** "k=v,k2=v2" → labels (tests mark their containers and volumes kalpana.test=1). */
export function extraLabels(raw: string): Record<string, string> {
  const pairs = raw.split(",").map((kv) => kv.trim().split("="));
  return Object.fromEntries(pairs.filter((kv): kv is [string, string] => kv.length === 2 && Boolean(kv[0])));
}

export function provision(w: WorkspaceRow, signal: AbortSignal): Promise<void> {
  return withLogContext({ workspaceId: w.id, userId: w.userId }, () => runProvision(w, signal));
}

async function runProvision(w: WorkspaceRow, signal: AbortSignal): Promise<void> {
  const id = w.id;
  resetReport(id);
  let current: WorkspacePhase = "container";
  let bridge: BridgeClient | undefined;
  // Timings for the log and the start histogram: each phase, and the whole start.
  const startedAt = performance.now();
  let phaseStartedAt = startedAt;
  const endPhase = (outcome: "done" | "error" | "cancelled") => {
    const seconds = (performance.now() - phaseStartedAt) / 1000;
    metrics.startPhase.observe({ phase: current, outcome }, seconds);
    log.info({ phase: current, outcome, ms: Math.round(seconds * 1000) }, `phase ${current} ${outcome}`);
  };
  log.info("workspace starting");
  let phaseOpen = false;
  const phase = async (p: WorkspacePhase, message: string) => {
    if (signal.aborted) throw new Cancelled("start cancelled");
    finishPhase(id, current);
    if (phaseOpen) endPhase("done");
    phaseOpen = true;
    phaseStartedAt = performance.now();
    current = p;
    await enterPhase(id, p, message);
  };
  try {
    await phase("container", "Starting the container");
    const rt = runtime();
    // A Swarm node pulling the image: a line in the start log and the status says so, with the time.
    const waiting = {
      onProgress: (m: string) => {
        logLine(id, "container", m);
        void phase("container", m).catch(() => undefined);
      },
    };
    await rt.create({
      workspaceId: id,
      ownerId: w.userId,
      image: await workspaceImage(),
      memoryMb: w.memoryMb,
      cpus: w.cpus,
      pidsLimit: w.pidsLimit,
      env: extraEnv(id),
      labels: extraLabels(config().KALPANA_EXTRA_LABELS),
      sharedNix: await sharedNixConfig(w),
    });
    // A re-run on a container that kept running (the web server restarted mid-start) finds its
    // files in place and kalpana-env long done: a fresh "pending" status marker now would leave
    // the Nix phase waiting 30 minutes for a run that never comes.
    if (!(await rt.inspect(id))?.running) {
      const { files, dirs } = await startFiles(w);
      await rt.putFiles(id, files, dirs);
    }
    await rt.start(id, waiting);
    const ep = await rt.endpoint(id);
    const inst = await rt.inspect(id);
    if (!ep)
      throw new Error(`the container stopped right after start${inst?.oomKilled ? " (out of memory)" : ""}`);
    await setState(id, {
      status: "STARTING",
      ports: { bridge: ep.bridgePort },
      containerId: inst?.containerId,
    });

    await phase("bridge", "Connecting to the workspace");
    const opened = await connectStartingBridge(id, 60_000);
    bridge = opened.client;
    // Before anything runs in the workspace (clone, Nix, IDE): its shells find the variables in place.
    // Not fatal: a container from before variables existed has no tmpfs for them (the bridge refuses).
    await deliverEnvVars(bridge, w.userId, id).catch((err) => {
      log.warn({ err: (err as Error).message }, "variables not delivered at start");
      logLine(id, "bridge", "Your variables and secrets could not be delivered to this workspace.");
    });
    // A stop or delete during a long clone must not wait for it: closing fails the call in flight.
    signal.addEventListener("abort", () => bridge?.close(), { once: true });

    const ctx: ProvisionContext = { w, signal, phase };
    if (w.repoUrl) await cloneRepository(ctx, bridge);
    else logLine(id, "clone", "No repository chosen: nothing to clone.");
    const dotfilesWarning = await setUpDotfiles(ctx, bridge);
    const nixWarning = await waitForNix(ctx, bridge);
    await waitForIde(ctx, opened.entry);
    const extensionsWarning = await setUpExtensions(ctx, bridge);
    finishPhase(id, current);
    endPhase("done");
    phaseOpen = false;
    const warning = nixWarning ?? dotfilesWarning ?? extensionsWarning;
    await setState(id, { status: "RUNNING", phase: "ready", message: warning });
    // In the background: a dev server started by an onStart hook must not hold the start open.
    void runSetupHooks(w);
    const total = (performance.now() - startedAt) / 1000;
    metrics.startPhase.observe({ phase: "total", outcome: "done" }, total);
    log.info({ ms: Math.round(total * 1000), nixWarning: nixWarning ?? undefined }, "workspace running");
  } catch (err) {
    if (err instanceof Cancelled || signal.aborted) {
      if (phaseOpen) endPhase("cancelled");
      log.info({ phase: current }, "workspace start cancelled");
      return; // the stop/delete that cancelled us records the state
    }
    if (phaseOpen) endPhase("error");
    const total = (performance.now() - startedAt) / 1000;
    metrics.startPhase.observe({ phase: "total", outcome: "error" }, total);
    if ((current as WorkspacePhase) === "bridge") countBridgeError("start");
    // The cause (it may name hosts, paths or engine internals) is for the operator only.
    const cause = (err as Error).message || String(err);
    log.error(
      { phase: current, err, ms: Math.round(total * 1000) },
      `workspace start failed in phase ${current}: ${cause}`,
    );
    await runtime()
      .stop(id, 5)
      .catch(() => undefined);
    await failStart(id, current, `${START_FAILED[current]}${TRY_AGAIN}`);
  } finally {
    bridge?.close();
  }
}
