// The dotfiles step of the start pipeline (inside the clone phase, after the repository): at the
// first start of a workspace the person's dotfiles repository is cloned into ~/dotfiles (the home
// volume) and the first install script found there runs, as the workspace user, with a timeout.
// Its output goes into the start log. Nothing here fails the start: a clone error, a script exit
// other than 0 or a timeout marks the phase as a warning and the workspace still becomes RUNNING.
//
// "First start" is a marker in the home volume, ~/.kalpana/dotfiles-done, holding the URL that was
// installed: a restart finds it and does nothing; a changed URL in Settings installs again at the
// next start (the old ~/dotfiles kept as ~/dotfiles.previous). The marker is written once the clone
// is in place, whether the script succeeded or not (a failing install script is not re-run at every
// start); a failed clone writes nothing, so the next start tries again.
import type { BridgeClient } from "@kalpana/bridge/client";
import { type OutputChunk, outputText } from "@kalpana/bridge/protocol";
import { DOTFILES_INSTALL_SCRIPTS } from "../../contract/dotfiles";
import { onAllowedHost, repoUrlProblem } from "../../contract/repo-url";
import { config } from "../config";
import { getDotfilesUrl } from "../db/dotfiles";
import { githubToken } from "../github/github";
import { logger } from "../log/log";
import type { ProvisionContext } from "../workspaces/provision-steps";
import { logLine, warnPhase } from "../workspaces/state";
import { gitHosts } from "../workspaces/validate";

const log = logger("dotfiles");

export const DOTFILES_TIMEOUT_MS = 5 * 60_000;
/** Where the clone waits (inside the bridge's root) before it moves into the home volume. */
const STAGING = ".kalpana/dotfiles-clone";
export const DOTFILES_FAILED = "Your dotfiles could not be installed; see the start log.";

const text = (res: { output: OutputChunk[] }, stream?: "stdout" | "stderr") => outputText(res.output, stream);

/** Runs the dotfiles step; returns a warning for the workspace's status line, or null. */
export async function setUpDotfiles(ctx: ProvisionContext, bridge: BridgeClient): Promise<string | null> {
  try {
    return await installDotfiles(ctx, bridge);
  } catch (err) {
    if (ctx.signal.aborted) throw err; // a stop or delete: the pipeline ends the start
    log.warn({ err: (err as Error).message }, "dotfiles step failed");
    logLine(ctx.w.id, "clone", "Dotfiles not installed: the workspace did not answer.");
    warnPhase(ctx.w.id, "clone");
    return DOTFILES_FAILED;
  }
}

async function installDotfiles(ctx: ProvisionContext, bridge: BridgeClient): Promise<string | null> {
  const { w, phase } = ctx;
  const url = await getDotfilesUrl(w.userId);
  if (!url) return null;
  const sh = (command: string, timeoutMs = 60_000) =>
    bridge.exec.run({ command, timeoutMs, env: { KALPANA_DOTFILES_URL: url } });

  const done = await sh('cat -- "$HOME/.kalpana/dotfiles-done" 2>/dev/null || true');
  if (text(done, "stdout") === url) return null;

  await phase("clone", "Setting up your dotfiles");
  const warn = (line: string) => {
    logLine(w.id, "clone", line);
    warnPhase(w.id, "clone");
    return DOTFILES_FAILED;
  };
  // Checked again at the start: the server's allowed hosts may have changed since it was saved.
  const problem = repoUrlProblem(url, gitHosts());
  if (problem) return warn(`Dotfiles not installed: ${problem}.`);

  logLine(w.id, "clone", `dotfiles: git clone ${url} into ~/dotfiles`);
  try {
    await sh(`rm -rf -- ${STAGING} && mkdir -p .kalpana`);
    // The token goes only to the configured GitHub host, never to another allowed host.
    const onGithub = onAllowedHost(new URL(url), { github: config().GITHUB_URL });
    const token = onGithub ? await githubToken(w.userId) : null;
    await bridge.git.clone({
      url,
      path: STAGING,
      credentials: token ? { username: "x-access-token", password: token } : undefined,
    });
    const moved = await sh(
      `set -e; d="$HOME/dotfiles"; rm -rf -- "$d.previous"
       if [ -e "$d" ] || [ -L "$d" ]; then mv -- "$d" "$d.previous"; fi
       mv -- ${STAGING} "$d"`,
    );
    if (moved.exitCode !== 0) throw new Error(text(moved, "stderr").trim().slice(0, 300));
  } catch (err) {
    log.warn({ err: (err as Error).message }, "dotfiles clone failed");
    await sh(`rm -rf -- ${STAGING}`).catch(() => undefined);
    return warn(`Dotfiles not installed: cloning ${url} failed: ${(err as Error).message.slice(0, 300)}`);
  }

  const markDone = () =>
    sh('mkdir -p "$HOME/.kalpana" && printf %s "$KALPANA_DOTFILES_URL" > "$HOME/.kalpana/dotfiles-done"');
  const found = await sh(
    `cd "$HOME/dotfiles" && for s in ${DOTFILES_INSTALL_SCRIPTS.join(" ")}; do if [ -f "$s" ]; then printf %s "$s"; break; fi; done`,
  );
  const script = DOTFILES_INSTALL_SCRIPTS.find((s) => s === text(found, "stdout"));
  if (!script) {
    logLine(
      w.id,
      "clone",
      `dotfiles: no install script (${DOTFILES_INSTALL_SCRIPTS.join(", ")}); cloned only.`,
    );
    await markDone();
    return null;
  }
  logLine(w.id, "clone", `dotfiles: running ${script} in ~/dotfiles`);
  // A script without the executable bit (or a shebang) still runs: bash reads it as a script.
  const res = await sh(
    `cd "$HOME/dotfiles" && { chmod +x -- ./${script} 2>/dev/null || true; } && ./${script} </dev/null`,
    DOTFILES_TIMEOUT_MS,
  );
  logLine(w.id, "clone", text(res));
  if (res.truncated) logLine(w.id, "clone", "dotfiles: (output truncated)");
  await markDone();
  if (res.timedOut)
    return warn(`dotfiles: ${script} did not finish in ${DOTFILES_TIMEOUT_MS / 60_000} min: stopped.`);
  if (res.exitCode !== 0) return warn(`dotfiles: ${script} failed (exit ${res.exitCode ?? res.signal}).`);
  logLine(w.id, "clone", `dotfiles: ${script} finished in ${(res.durationMs / 1000).toFixed(1)} s`);
  return null;
}
