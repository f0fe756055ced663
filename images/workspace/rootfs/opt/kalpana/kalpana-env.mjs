#!/usr/local/bin/node
// Realises the workspace's Nix environment into a cached shell file.
//
// Source: /home/coder/.kalpana/env/ holding flake.nix (+ flake.lock) or shell.nix/default.nix,
// written by the control plane before start. Output: env.sh (sourced by env-loader.sh),
// env.hash, env-status.json, env.log, and env-error.txt (shown by the terminal MOTD).
// Re-realises only when the folder's files (or the stub/offline mode) changed.
// Shared Nix store (docs/ENVIRONMENTS.md): `--seal` (the host's generation builder only) also
// writes the result into /nix/var/kalpana/generation; a workspace whose /nix has that generation
// underneath and whose config hashes the same adopts it instead of running Nix at all.
// Exit code: 0 ready/none/cached, 1 error. Never throws past main(): the IDE must start anyway.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

const HOME = process.env.KALPANA_HOME ?? "/home/coder";
const DIR = path.join(HOME, ".kalpana");
const SRC = path.join(DIR, "env");
const OUT = {
  env: path.join(DIR, "env.sh"),
  hash: path.join(DIR, "env.hash"),
  status: path.join(DIR, "env-status.json"),
  log: path.join(DIR, "env.log"),
  error: path.join(DIR, "env-error.txt"),
};
const MAX_CONFIG_BYTES = 64 * 1024;
const STUB = process.env.KALPANA_NIX_STUB === "1";
// The stub exists for machines with no network: never let it wait on a binary cache.
const OFFLINE = process.env.KALPANA_NIX_OFFLINE === "1" || STUB;
const TIMEOUT_MS = Number(process.env.KALPANA_NIX_TIMEOUT_MS ?? 30 * 60_000);
const force = process.argv.includes("--force");
const seal = process.argv.includes("--seal");
const GENERATION = process.env.KALPANA_NIX_GENERATION_DIR ?? "/nix/var/kalpana/generation";

function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function status(state, message, hash, startedAt) {
  const s = { state, message, hash, startedAt, finishedAt: state === "realising" ? null : Date.now() };
  writeAtomic(OUT.status, `${JSON.stringify(s)}\n`);
}

// Every regular file below SRC (sorted, with relative names) plus the mode flags.
function listFiles(dir, rel = "") {
  const out = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

function hashConfig(files) {
  const h = createHash("sha256").update(`stub=${STUB} offline=${OFFLINE}\n`);
  for (const f of files)
    h.update(`${f}\0`)
      .update(readFileSync(path.join(SRC, f)))
      .update("\0");
  return h.digest("hex").slice(0, 32);
}

function clearEnv() {
  for (const f of [OUT.env, OUT.hash, OUT.error]) rmSync(f, { force: true });
}

function nixCommand(kind) {
  const env = { ...process.env, NIX_CONFIG: process.env.NIX_CONFIG ?? "" };
  // Offline, nix would lose seconds per command retrying cache.nixos.org and the registry.
  if (OFFLINE) env.NIX_CONFIG += "\nsubstituters =\nflake-registry = /opt/kalpana/flake-registry.json\n";
  if (kind === "flake.nix") {
    const args = ["print-dev-env", `path:${SRC}`];
    // --no-write-lock-file: a stub-resolved lock must never land in the user's config.
    if (STUB) args.push("--override-input", "nixpkgs", "path:/opt/kalpana/nix-stub", "--no-write-lock-file");
    return { args, env };
  }
  if (STUB) env.NIX_PATH = "nixpkgs=/opt/kalpana/nix-stub";
  return { args: ["print-dev-env", "--impure", "-f", path.join(SRC, kind)], env };
}

// The mktemp'd build dirs in print-dev-env's output are gone once nix exits, and the
// builder's placeholder PATH entry is noise in a user's PATH.
function cleanEnvScript(text) {
  return text
    .split("\n")
    .filter((l) => !/^(export |declare -x )?(TMPDIR|NIX_BUILD_TOP|TEMP|TEMPDIR|TMP)=/.test(l))
    .filter((l) => !/^export (TMPDIR|NIX_BUILD_TOP|TEMP|TEMPDIR|TMP)$/.test(l))
    .map((l) => (l.startsWith("PATH=") ? l.replaceAll(":/path-not-set", "") : l))
    .join("\n");
}

// Nix errors start at the first "error:" line; keep that part, bounded.
function errorText(stderr) {
  const i = stderr.search(/^error:/m);
  const text = (i >= 0 ? stderr.slice(i) : stderr).trim();
  return text.length > 4000 ? `${text.slice(0, 4000)}\n…` : text || "nix failed without output";
}

function runNix({ args, env }) {
  return new Promise((resolve) => {
    const log = createWriteStream(OUT.log, { flags: "a" });
    log.write(`$ nix ${args.join(" ")}\n`);
    const child = spawn("nix", args, { env, cwd: SRC, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
      log.write(d);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.on("error", (e) => {
      stderr += `error: cannot run nix: ${e.message}\n`;
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === null) stderr += `error: nix timed out after ${TIMEOUT_MS} ms\n`;
      log.end(`exit ${code}\n`, () => resolve({ code, stdout, stderr }));
    });
  });
}

// What the generation builder realised: the hashes before and after Nix ran (an unlocked flake
// gains a flake.lock), env.sh, and that lock. Null when absent or unreadable.
function readGeneration() {
  try {
    const g = JSON.parse(readFileSync(path.join(GENERATION, "generation.json"), "utf8"));
    const env = readFileSync(path.join(GENERATION, "env.sh"), "utf8");
    const lockFile = path.join(GENERATION, "flake.lock");
    const lock = existsSync(lockFile) ? readFileSync(lockFile) : null;
    return typeof g.sourceHash === "string" && typeof g.hash === "string" ? { ...g, env, lock } : null;
  } catch {
    return null;
  }
}

function writeGeneration(sourceHash, hash) {
  mkdirSync(GENERATION, { recursive: true });
  writeAtomic(path.join(GENERATION, "env.sh"), readFileSync(OUT.env, "utf8"));
  const lock = path.join(SRC, "flake.lock");
  if (existsSync(lock)) writeAtomic(path.join(GENERATION, "flake.lock"), readFileSync(lock));
  // Last: its presence means the rest is complete.
  writeAtomic(path.join(GENERATION, "generation.json"), `${JSON.stringify({ sourceHash, hash })}\n`);
}

async function main() {
  const startedAt = Date.now();
  // An absent or empty folder both mean "no Nix environment" (the control plane may create
  // the folder for every workspace).
  if (!existsSync(SRC) || listFiles(SRC).length === 0) {
    clearEnv();
    status("none", "no Nix configuration: base tools only", null, startedAt);
    return 0;
  }
  const files = listFiles(SRC);
  const kind = ["flake.nix", "shell.nix", "default.nix"].find((f) => files.includes(f));
  const size = files.reduce((n, f) => n + statSync(path.join(SRC, f)).size, 0);
  // Size first: an oversize folder is refused without reading it.
  const hash = size > MAX_CONFIG_BYTES ? null : hashConfig(files);
  const fail = (message) => {
    clearEnv();
    writeFileSync(OUT.error, `${message}\n`);
    status("error", message, hash, startedAt);
    return 1;
  };
  if (!kind) return fail("error: ~/.kalpana/env has no flake.nix, shell.nix or default.nix");
  if (size > MAX_CONFIG_BYTES)
    return fail(`error: Nix configuration is ${size} bytes; the limit is ${MAX_CONFIG_BYTES}`);

  const cached =
    existsSync(OUT.env) && existsSync(OUT.hash) && readFileSync(OUT.hash, "utf8").trim() === hash;
  if (cached && !force && !seal) {
    status("ready", "cached environment", hash, startedAt);
    return 0;
  }
  const gen = force || seal ? null : readGeneration();
  if (gen && (hash === gen.sourceHash || hash === gen.hash)) {
    // The same config was realised once for this host: its store paths are already in /nix.
    if (gen.lock && kind === "flake.nix" && !files.includes("flake.lock"))
      writeFileSync(path.join(SRC, "flake.lock"), gen.lock);
    const finalHash = hashConfig(listFiles(SRC));
    writeAtomic(OUT.env, gen.env);
    writeAtomic(OUT.hash, `${finalHash}\n`);
    rmSync(OUT.error, { force: true });
    writeFileSync(OUT.log, `# ${new Date(startedAt).toISOString()} shared environment: no Nix build\n`);
    status("ready", `shared environment (host generation ${gen.hash.slice(0, 12)})`, finalHash, startedAt);
    return 0;
  }
  status("realising", `nix print-dev-env (${kind})`, hash, startedAt);
  writeFileSync(
    OUT.log,
    `# ${new Date(startedAt).toISOString()} realising ${kind}${STUB ? " (stub nixpkgs)" : ""}\n`,
  );
  const res = await runNix(nixCommand(kind));
  if (res.code !== 0) return fail(errorText(res.stderr));
  // Nix may have written flake.lock: remember the hash of what is there now.
  const finalHash = hashConfig(listFiles(SRC));
  writeAtomic(OUT.env, cleanEnvScript(res.stdout));
  writeAtomic(OUT.hash, `${finalHash}\n`);
  rmSync(OUT.error, { force: true });
  if (seal) writeGeneration(hash, finalHash);
  status("ready", `environment realised in ${Date.now() - startedAt} ms`, finalHash, startedAt);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    try {
      status("error", `error: ${e instanceof Error ? e.message : String(e)}`, null, Date.now());
    } catch {}
    console.error(e);
    process.exit(1);
  },
);
