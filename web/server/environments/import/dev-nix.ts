// .idx/dev.nix (Firebase Studio / Project IDX) → a Kalpana flake plus variables, hooks, ports and
// extensions. Read with the data-only Nix reader (nix-subset.ts): nothing in the file is evaluated.
//   channel                     → the flake's nixpkgs branch (stable-24.05 → nixos-24.05)
//   packages = [ pkgs.x ]       → mkShell packages
//   env                         → the workspace's variables (not secrets)
//   idx.extensions              → VS Code extensions (Open VSX or the configured gallery)
//   idx.previews.previews.<n>   → a port (PORT=3000, 3001, …) and an every-start command
//   idx.workspace.onCreate/onStart → hooks (first start / every start)
import type { ImportedConfig } from "../../../contract/portable-config";
import { Collected, shellWords } from "./collect";
import { NixSubsetError, type NixValue, parseNixSubset } from "./nix-subset";
import { DEFAULT_NIXPKGS, renderFlake } from "./render-flake";

const FROM = ".idx/dev.nix";
/** IDX hands each preview a free $PORT; Kalpana gives them fixed ones from here up. */
export const FIRST_PREVIEW_PORT = 3000;

const why = (v: NixValue) =>
  v.kind === "unsupported"
    ? `line ${v.line} (${v.text}) is not plain data`
    : v.kind === "string" && v.interpolated
      ? "it uses $" + "{…} interpolation, which Kalpana does not evaluate"
      : `it is a ${v.kind}, not what dev.nix expects`;

function channelBranch(v: NixValue | undefined, c: Collected): string {
  if (!v) return DEFAULT_NIXPKGS;
  const m = v.kind === "string" ? /^stable-(\d\d\.\d\d)$/.exec(v.value) : null;
  if (m) return `nixos-${m[1]}`;
  if (v.kind === "string" && v.value === "unstable") return "nixos-unstable";
  c.warn(
    `${FROM}: channel ${v.kind === "string" ? JSON.stringify(v.value) : "(not a string)"} unknown: using ${DEFAULT_NIXPKGS}.`,
  );
  return DEFAULT_NIXPKGS;
}

const str = (v: NixValue | undefined): string | null =>
  v?.kind === "string" && !v.interpolated
    ? v.value
    : v?.kind === "number" || v?.kind === "bool"
      ? String(v.value)
      : null;

const attrs = (v: NixValue | undefined): Map<string, NixValue> | null =>
  v?.kind === "attrs" ? v.entries : null;

function packages(v: NixValue | undefined, c: Collected): void {
  if (!v) return;
  if (v.kind !== "list") {
    c.warn(`${FROM}: packages left out: ${why(v)}. List them as [ pkgs.name … ].`);
    return;
  }
  for (const item of v.items) {
    if (item.kind === "ref" && item.path[0] === "pkgs" && item.path.length > 1)
      c.addPackage(item.path.slice(1), FROM);
    else
      c.warn(
        `${FROM}: a package left out: ${why(item)}. Add it to the flake.nix by hand (e.g. pkgs.python3.withPackages).`,
      );
  }
}

function env(v: NixValue | undefined, c: Collected): void {
  const entries = attrs(v);
  if (!v) return;
  if (!entries) {
    c.warn(`${FROM}: env left out: ${why(v)}.`);
    return;
  }
  for (const [name, value] of entries) {
    const s = str(value);
    if (s === null) c.warn(`${FROM}: variable ${name} left out: ${why(value)}.`);
    else c.addEnv(name, s, FROM);
  }
}

function hooks(v: NixValue | undefined, when: "onCreate" | "onStart", c: Collected): void {
  const entries = attrs(v);
  if (!v) return;
  if (!entries) {
    c.warn(`${FROM}: idx.workspace.${when} left out: ${why(v)}.`);
    return;
  }
  for (const [name, value] of entries) {
    if (name === "default") continue; // `default.openFiles`: which files the editor opens, not a command
    const s = str(value);
    if (s === null) c.warn(`${FROM}: ${when}.${name} left out: ${why(value)}.`);
    else c.addHook(when, name, s, FROM);
  }
}

function previews(v: NixValue | undefined, c: Collected): void {
  const p = attrs(v);
  if (!p) return;
  if (p.get("enable")?.kind === "bool" && !(p.get("enable") as { value: boolean }).value) return;
  const list = attrs(p.get("previews"));
  if (!list) return;
  let port = FIRST_PREVIEW_PORT;
  for (const [name, value] of list) {
    const preview = attrs(value);
    const manager = str(preview?.get("manager")) ?? "web";
    if (!preview || manager !== "web") {
      c.warn(`${FROM}: preview ${name} (manager ${manager}) left out: only web previews run in Kalpana.`);
      continue;
    }
    const command = preview.get("command");
    const args = command?.kind === "list" ? command.items.map(str) : [];
    if (!args.length || args.some((a) => a === null)) {
      c.warn(`${FROM}: preview ${name} left out: its command is not a list of plain strings.`);
      continue;
    }
    const words = (args as string[]).map((a) => a.replaceAll("$PORT", String(port)));
    const vars: string[] = [`PORT=${port}`];
    for (const [k, val] of attrs(preview.get("env")) ?? []) {
      const s = str(val);
      if (s !== null && /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(k))
        vars.push(`${k}=${shellWords([s.replaceAll("$PORT", String(port))])}`);
      else c.warn(`${FROM}: preview ${name}: variable ${k} left out.`);
    }
    const cwd = str(preview.get("cwd"));
    const cd = cwd ? `cd ${shellWords([cwd])} && ` : "";
    c.addPort(port, FROM);
    c.addHook("onStart", `preview-${name}`, `${cd}env ${vars.join(" ")} ${shellWords(words)}`, FROM);
    port++;
  }
}

const KNOWN = new Set(["channel", "packages", "env", "idx", "services", "imports"]);

export function convertDevNix(text: string): ImportedConfig {
  const c = new Collected();
  let root: NixValue;
  try {
    root = parseNixSubset(text);
  } catch (err) {
    const message = err instanceof NixSubsetError ? err.message : "not readable";
    throw new NixSubsetError(`${FROM} could not be read: ${message}`);
  }
  const top = attrs(root);
  if (!top)
    throw new NixSubsetError(`${FROM} could not be read: ${why(root)}; expected { pkgs, ... }: { … }`);
  const nixpkgs = channelBranch(top.get("channel"), c);
  packages(top.get("packages"), c);
  env(top.get("env"), c);
  const idx = attrs(top.get("idx"));
  for (const e of idx?.get("extensions")?.kind === "list"
    ? (idx.get("extensions") as { items: NixValue[] }).items
    : []) {
    const id = str(e);
    if (id === null) c.warn(`${FROM}: an extension left out: ${why(e)}.`);
    else c.addExtension(id, FROM);
  }
  const workspace = attrs(idx?.get("workspace"));
  hooks(workspace?.get("onCreate"), "onCreate", c);
  hooks(workspace?.get("onStart"), "onStart", c);
  previews(idx?.get("previews"), c);
  for (const [name] of attrs(top.get("services")) ?? [])
    c.warn(
      `${FROM}: services.${name} is not started by Kalpana: add its package (e.g. pkgs.postgresql) and start it in an onStart command.`,
    );
  if (top.has("imports")) c.warn(`${FROM}: imports are not followed: copy what they add into this config.`);
  for (const [key, value] of top)
    if (!KNOWN.has(key))
      c.warn(`${FROM}: ${key.startsWith("<") ? key.slice(1, -1) : key} left out: ${why(value)}.`);

  return {
    source: "dev.nix",
    path: FROM,
    nixConfig: renderFlake({ description: FROM, nixpkgs, packages: c.packages }),
    nixConfigKind: "flake",
    packages: c.packages,
    env: c.env,
    setup: c.setup(),
    warnings: c.warnings,
  };
}
