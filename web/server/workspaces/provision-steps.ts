// The slower start phases: clone (token handed per call), Nix (status file + streamed log) and the
// IDE's readiness. Each reports progress and lines to the workspace's room.
import type { BridgeClient } from "@kalpana/bridge/client";
import { UPSTREAM_SECRET_HEADER, UPSTREAM_TARGET_HEADER } from "@kalpana/bridge/protocol";
import { githubToken } from "../github/github";
import { publish } from "../realtime/io";
import { NIX_LOG_PATH, NIX_STATUS_PATH } from "./nix-files";
import { logLine, setPhaseStatus } from "./phase-log";
import type { ProvisionContext } from "./provision";
import { markCloned } from "./store";

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
          publish(w.id, "workspace:progress", { id: w.id, phase: "clone", percent });
        },
      },
    );
    publish(w.id, "workspace:progress", { id: w.id, phase: "clone", percent: 100 });
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

type EnvStatus = { state: string; message: string; startedAt: number };
const NIX_TIMEOUT_MS = 30 * 60_000;

/** Waits for kalpana-env; returns a warning message when the environment failed, else null. */
export async function waitForNix(
  { w, phase, signal }: ProvisionContext,
  bridge: BridgeClient,
): Promise<string | null> {
  await phase("nix", "Preparing the Nix environment");
  const deadline = Date.now() + NIX_TIMEOUT_MS;
  let offset = 0;
  while (Date.now() < deadline && !signal.aborted) {
    // One exec per poll: the status file, a marker, then the log bytes we have not streamed yet.
    const res = await bridge.exec.run({
      command: `cat ${NIX_STATUS_PATH} 2>/dev/null; echo; echo '@@kalpana-log@@'; tail -c +${offset + 1} ${NIX_LOG_PATH} 2>/dev/null`,
      timeoutMs: 10_000,
    });
    const out = res.output.map((c) => (c.stream === "stdout" ? c.data : "")).join("");
    const [statusText = "", log = ""] = out.split("@@kalpana-log@@\n");
    if (log) {
      offset += Buffer.byteLength(log);
      logLine(w.id, "nix", log);
    }
    let status: EnvStatus | null = null;
    try {
      status = JSON.parse(statusText.trim()) as EnvStatus;
    } catch {
      status = null;
    }
    if (status && status.startedAt > 0 && status.state !== "realising") {
      if (status.state === "error") {
        setPhaseStatus(w.id, "nix", "warning");
        logLine(w.id, "nix", status.message);
        const first = status.message.split("\n")[0] ?? "";
        return `The Nix environment failed (${first.slice(0, 300)}); the IDE runs with the base tools. See the start log.`;
      }
      logLine(w.id, "nix", status.message);
      return null;
    }
    await sleep(300);
  }
  return signal.aborted
    ? null
    : "The Nix environment did not finish in time; the IDE runs with the base tools.";
}

/** code-server's /healthz through the bridge's front (code-server itself has no TCP port). */
export async function waitForIde(
  { phase, signal }: ProvisionContext,
  ep: { host: string; port: number; secret: string },
): Promise<void> {
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
