// The setup hooks of a workspace (from its repository's dev.nix or devcontainer.json, contract/
// portable-config.ts): onCreate commands once, after the first start that reached RUNNING, one
// after the other; then every onStart command, at every start, side by side (they are often dev
// servers that never end). Each runs as a background job of the bridge, i.e. inside the container
// as the workspace user in /workspace, never on the server. Their output goes into the start log
// (ide phase); a failure is a warning there, never a stop. A dev server is followed for a while,
// then left running without its output.
//
// "Once" is a marker in the home volume (~/.kalpana/on-create-done), written when the onCreate
// commands ended, whatever their exit: a failing one is not re-run at every start. "Every start" is
// once per container start (~/.kalpana/on-start-boot holds PID 1's start time).
import type { BridgeClient } from "@kalpana/bridge/client";
import type { Hook } from "../../contract/portable-config";
import type { WorkspaceRow } from "../db/workspaces";
import { logger } from "../log/log";
import { sharedBridge } from "./bridge";
import { logLine, storeReport, warnPhase } from "./state";

const log = logger("workspaces");
const MARKER = '"$HOME/.kalpana/on-create-done"';
/** How long a hook's output is followed into the start log. */
export const FOLLOW_MS = 10 * 60_000;
const POLL_MS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type HookOptions = { connect?: (id: string) => Promise<BridgeClient>; followMs?: number };

/** Starts the hooks in the background (after RUNNING); resolves when they ended or were let go. */
export function runSetupHooks(
  w: Pick<WorkspaceRow, "id" | "setup">,
  { connect = sharedBridge, followMs = FOLLOW_MS }: HookOptions = {},
): Promise<void> {
  const { onCreate, onStart } = w.setup;
  if (!onCreate.length && !onStart.length) return Promise.resolve();
  return (async () => {
    try {
      const bridge = await connect(w.id);
      if (onCreate.length) {
        const done = await bridge.exec.run({ command: `test -e ${MARKER} && echo done || true` });
        if (!done.output.some((c) => c.data.includes("done"))) {
          for (const h of onCreate) await runHook(bridge, w.id, "onCreate", h, followMs);
          await bridge.exec.run({ command: `mkdir -p "$HOME/.kalpana" && : > ${MARKER}` });
        }
      }
      if (onStart.length && (await startedThisBoot(bridge))) {
        logLine(w.id, "ide", "onStart commands already started in this container run: not started again.");
        return;
      }
      await Promise.all(onStart.map((h) => runHook(bridge, w.id, "onStart", h, followMs)));
    } catch (err) {
      // The workspace stopped (or its bridge went away) meanwhile: nothing left to follow.
      log.info({ workspaceId: w.id, err: (err as Error).message }, "setup hooks ended early");
    } finally {
      await storeReport(w.id).catch(() => undefined);
    }
  })();
}

/**
 * True when the onStart commands were already started since this container (re)started: a start
 * pipeline re-run on a container that kept running (the web server restarted mid-start) must not
 * launch a second copy of every dev server. PID 1's start time changes with every container start.
 */
async function startedThisBoot(bridge: BridgeClient): Promise<boolean> {
  const res = await bridge.exec.run({
    command: `m="$HOME/.kalpana/on-start-boot"; b=$(cut -d" " -f22 /proc/1/stat)
      if [ "$(cat "$m" 2>/dev/null)" = "$b" ]; then echo started; else mkdir -p "$HOME/.kalpana"; printf %s "$b" > "$m"; fi`,
  });
  return res.output.some((c) => c.data.includes("started"));
}

async function runHook(
  bridge: BridgeClient,
  id: string,
  when: string,
  h: Hook,
  followMs: number,
): Promise<void> {
  const tag = `${when} ${h.name}`;
  logLine(id, "ide", `${tag}: ${h.command.split("\n")[0]?.slice(0, 200)}`);
  const { jobId } = await bridge.exec.start({ command: h.command, cwd: "." });
  const deadline = Date.now() + followMs;
  let offset = 0;
  let partial = ""; // a line the job has not ended yet
  const show = (text: string) => {
    for (const line of text.split("\n")) if (line.trim()) logLine(id, "ide", `${tag} | ${line}`);
  };
  for (;;) {
    const r = await bridge.exec.read({ jobId, offset });
    offset = r.nextOffset;
    const lines = (partial + r.output.map((c) => c.data).join("")).split("\n");
    partial = lines.pop() ?? "";
    show(lines.join("\n"));
    if (!r.running) show(partial);
    if (!r.running) {
      if (r.exitCode === 0) logLine(id, "ide", `${tag}: finished`);
      else {
        logLine(id, "ide", `${tag}: failed (exit ${r.exitCode ?? r.signal})`);
        warnPhase(id, "ide");
      }
      return;
    }
    if (Date.now() > deadline) {
      logLine(id, "ide", `${tag}: still running; its output is no longer shown here.`);
      return;
    }
    await sleep(POLL_MS);
  }
}
