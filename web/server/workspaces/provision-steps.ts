// The slower start phases: clone (token handed per call), Nix (the bridge's env:status: status
// file + log) and the IDE's readiness. Each reports progress and lines through state.ts.
import type { BridgeClient } from "@kalpana/bridge/client";
import { UPSTREAM_SECRET_HEADER, UPSTREAM_TARGET_HEADER } from "@kalpana/bridge/protocol";
import type { WorkspacePhase } from "../../contract/workspaces";
import type { WorkspaceRow } from "../db/workspaces";
import { githubToken } from "../github/github";
import type { BridgeEntry } from "./bridge";
import { logLine, markCloned, reportProgress, warnPhase } from "./state";

/** What each step gets from the pipeline (provision.ts): the row, the cancel signal, `phase`. */
export type ProvisionContext = {
  w: WorkspaceRow;
  signal: AbortSignal;
  phase: (p: WorkspacePhase, message: string) => Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function cloneRepository({ w, phase }: ProvisionContext, bridge: BridgeClient): Promise<void> {
  const repoUrl = w.repoUrl as string;
  // Finished on an earlier start: the volume keeps the user's work (even if they removed .git).
  if (w.repoClonedAt) return;
  await phase("clone", `Cloning ${repoUrl}`);
  // Not finished: whatever is in /workspace is a clone that was interrupted (stop, web restart) —
  // a partial .git, a half checkout, or the bridge's staging folder. Nothing else can be there
  // yet (the IDE and the agent open only once the workspace is RUNNING, after the clone), so it is
  // safe to empty it, except .kalpana/ (the environment's own folder), and clone again.
  const removed = await removePartialClone(bridge);
  if (removed.length) {
    logLine(
      w.id,
      "clone",
      `An earlier clone did not finish: removed ${removed.join(", ").slice(0, 200)}; cloning again.`,
    );
  }

  logLine(w.id, "clone", `git clone ${repoUrl}${w.branch ? ` (branch ${w.branch})` : ""}`);
  const token = await githubToken(w.userId);
  let last = -1;
  try {
    const res = await bridge.git.clone(
      {
        url: repoUrl,
        path: ".",
        branch: w.branch ?? undefined,
        credentials: token ? { username: "x-access-token", password: token } : undefined,
      },
      {
        onProgress: (p) => {
          const percent = Math.floor(p.overall);
          if (percent === last) return;
          last = percent;
          reportProgress(w.id, "clone", percent);
        },
      },
    );
    reportProgress(w.id, "clone", 100);
    logLine(w.id, "clone", `checked out ${res.branch ?? "(detached)"} at ${res.commit?.slice(0, 12) ?? "?"}`);
  } catch (err) {
    // The bridge's git errors never contain the token (it only reaches git's askpass).
    throw new Error(`could not clone ${repoUrl}: ${(err as Error).message}`);
  }
  // Only now, after clone AND checkout returned, is the clone complete.
  await markCloned(w.id);
}

/** Empties /workspace except .kalpana/; returns the names it removed. */
async function removePartialClone(bridge: BridgeClient): Promise<string[]> {
  const res = await bridge.exec.run({
    command: "find . -mindepth 1 -maxdepth 1 ! -name .kalpana -printf '%f\\n' -exec rm -rf -- {} +",
    timeoutMs: 120_000,
  });
  const text = (stream: string) =>
    res.output
      .filter((c) => c.stream === stream)
      .map((c) => c.data)
      .join("");
  if (res.exitCode !== 0) {
    const why = text("stderr").trim().slice(0, 300);
    throw new Error(`could not remove an unfinished clone (exit ${res.exitCode ?? res.signal}): ${why}`);
  }
  return text("stdout").split("\n").filter(Boolean);
}

const NIX_TIMEOUT_MS = 30 * 60_000;
export const NIX_FAILED =
  "The Nix environment failed; the IDE runs with the base tools. See the start log for Nix's output.";
export const NIX_TIMED_OUT = "The Nix environment did not finish in time; the IDE runs with the base tools.";

/** Waits for kalpana-env; returns a warning message when the environment failed, else null. */
export async function waitForNix(
  { w, phase, signal }: ProvisionContext,
  bridge: BridgeClient,
): Promise<string | null> {
  await phase("nix", "Preparing the Nix environment");
  const deadline = Date.now() + NIX_TIMEOUT_MS;
  let logOffset = 0;
  while (Date.now() < deadline && !signal.aborted) {
    const res = await bridge.env.status({ logOffset });
    logOffset = res.logOffset;
    if (res.log) logLine(w.id, "nix", res.log);
    const status = res.status;
    // startedAt 0 is the "pending" marker written before start: this run has not begun yet.
    if (status && status.startedAt > 0 && status.state !== "realising" && status.state !== "pending") {
      // Nix's own output is the user's to read, in the start log; statusMessage stays fixed.
      logLine(w.id, "nix", status.message);
      if (status.state === "error") {
        warnPhase(w.id, "nix");
        return NIX_FAILED;
      }
      return null;
    }
    await sleep(300);
  }
  return signal.aborted ? null : NIX_TIMED_OUT;
}

/** code-server's /healthz through the bridge's front (code-server itself has no TCP port). */
export async function waitForIde({ phase, signal }: ProvisionContext, ep: BridgeEntry): Promise<void> {
  await phase("ide", "Starting the IDE");
  const deadline = Date.now() + 90_000;
  let last = "no answer";
  while (Date.now() < deadline && !signal.aborted) {
    try {
      const res = await fetch(`http://${ep.host}:${ep.port}/healthz`, {
        headers: { [UPSTREAM_SECRET_HEADER]: ep.secret, [UPSTREAM_TARGET_HEADER]: "ide" },
        signal: AbortSignal.timeout(2000),
      });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(150);
  }
  if (!signal.aborted) throw new Error(`code-server did not become ready in 90 s (${last})`);
}
