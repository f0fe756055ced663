// The workspace's Nix environment, loaded once per realisation instead of once per command.
// env.sh is `nix print-dev-env` output (thousands of lines): every `bash -c` that sources it
// through env-loader.sh pays for parsing it, the largest part of a short agent command under
// load. The bridge starts before kalpana-env, so, unlike code-server (whose terminals inherit
// KALPANA_ENV_LOADED and skip the file), its children sourced it every time. Now the bridge
// sources it once per env.hash, keeps what it exports, and passes that with KALPANA_ENV_LOADED
// set: env-loader.sh's own guard then skips env.sh, exactly as in a terminal. The person's
// variables and the malloc reset stay with env-loader.sh, which still runs for every command.
import { execFile } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

/** Set by the bash that sourced env.sh, or by each child itself: never carried over. */
const PER_SHELL = new Set(["PWD", "OLDPWD", "SHLVL", "_"]);
const CAPTURE_TIMEOUT_MS = 10_000;

type Loaded = { key: string; env: NodeJS.ProcessEnv };

export type EnvLoader = {
  /** The environment for a command now: `base` plus what env.sh exports (when there is one). */
  current(): Promise<NodeJS.ProcessEnv>;
};

/** NUL-separated `env -0` output → variables (a value may hold newlines). */
export function parseEnv0(out: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const entry of out.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq <= 0) continue;
    const name = entry.slice(0, eq);
    if (!PER_SHELL.has(name)) env[name] = entry.slice(eq + 1);
  }
  return env;
}

/** Sources env.sh in a bash of its own (BASH_ENV off: not the loader) and returns its exports. */
function capture(file: string, base: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const { BASH_ENV, ...env } = base;
  return new Promise((resolve, reject) => {
    execFile(
      "bash",
      // As env-loader.sh sources it: whatever its last line returns, the exports count.
      ["--noprofile", "--norc", "-c", '. "$1" </dev/null >/dev/null 2>&1; env -0', "kalpana-env", file],
      { env, cwd: "/", timeout: CAPTURE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" },
      (err, stdout) => {
        const out = err ? null : parseEnv0(stdout);
        // No PATH: the script ended the shell (`exit`) before env -0 ran; never run commands so.
        if (!out?.PATH) return reject(err ?? new Error("env.sh left no environment"));
        resolve(BASH_ENV === undefined ? out : { ...out, BASH_ENV });
      },
    );
  });
}

/**
 * `envDir` holds env.sh and env.hash (kalpana-env writes env.sh first, then the hash). The cache
 * is keyed by the hash and env.sh's size and mtime, so a re-realised or cleared environment is
 * picked up by the next command. Without a hash (no Nix config, or kalpana-env cleared it) or if
 * sourcing fails, commands get `base` and env-loader.sh does what it always did.
 */
export function envLoader(envDir: string, base: () => NodeJS.ProcessEnv): EnvLoader {
  const file = path.join(envDir, "env.sh");
  let loaded: Loaded | undefined;
  let pending: { key: string; done: Promise<Loaded> } | undefined;

  async function keyNow(): Promise<{ hash: string; key: string } | null> {
    const hash = await readFile(path.join(envDir, "env.hash"), "utf8").then(
      (t) => t.split("\n")[0]!.trim(),
      () => "",
    );
    if (!hash) return null;
    const st = await stat(file).catch(() => null);
    return st ? { hash, key: `${hash}:${st.size}:${st.mtimeMs}` } : null;
  }

  return {
    async current() {
      const k = await keyNow();
      if (!k) return base();
      if (loaded?.key === k.key) return { ...loaded.env };
      if (pending?.key !== k.key) {
        const done = capture(file, base()).then(
          (env): Loaded => ({ key: k.key, env: { ...env, KALPANA_ENV_LOADED: k.hash } }),
          // Broken or unreadable: remember that too (per key), commands source it themselves.
          (): Loaded => ({ key: k.key, env: base() }),
        );
        pending = { key: k.key, done };
        void done.then((l) => {
          loaded = l;
          if (pending?.done === done) pending = undefined;
        });
      }
      return { ...(await pending.done).env };
    },
  };
}
