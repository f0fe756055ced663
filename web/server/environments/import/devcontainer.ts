// .devcontainer/devcontainer.json (JSONC, read with jsonc-parser) → a Kalpana flake plus
// variables, hooks, ports and extensions:
//   containerEnv, remoteEnv                 → the workspace's variables (not secrets)
//   forwardPorts                            → preview ports
//   onCreateCommand, updateContentCommand,
//   postCreateCommand                       → first-start hooks
//   postStartCommand                        → every-start hooks
//   customizations.vscode.extensions        → VS Code extensions
// Kalpana runs its own image, so `image`, `build`/`dockerFile`, `dockerComposeFile` and `features`
// are not used: each gets a warning saying how to say it in Nix, and well-known images and
// features are translated into the nixpkgs packages they stand for.
import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";
import type { ImportedConfig } from "../../../contract/portable-config";
import { Collected, shellWords } from "./collect";
import { DEFAULT_NIXPKGS, renderFlake } from "./render-flake";

const FROM = ".devcontainer/devcontainer.json";

export class DevcontainerError extends Error {}

/** Image or feature name fragments → the nixpkgs packages that give the same tools. */
const TOOLCHAINS: [RegExp, string[]][] = [
  [/(typescript-node|javascript-node|\bnode\b)/, ["nodejs_22"]],
  [/python/, ["python312"]],
  [/\bgo(lang)?\b/, ["go", "gopls"]],
  [/rust/, ["rustc", "cargo", "rust-analyzer"]],
  [/java/, ["jdk"]],
  [/dotnet/, ["dotnet-sdk"]],
  [/\bphp\b/, ["php"]],
  [/\bruby\b/, ["ruby"]],
  [/github-cli/, ["gh"]],
  [/aws-cli/, ["awscli2"]],
  [/terraform/, ["terraform"]],
  [/kubectl|helm/, ["kubectl", "kubernetes-helm"]],
  [/postgres/, ["postgresql_16"]],
];

function toolchainFor(ref: string): string[] {
  const name = ref.toLowerCase();
  for (const [re, pkgs] of TOOLCHAINS) if (re.test(name)) return pkgs;
  return [];
}

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const short = (v: Json) => JSON.stringify(v)?.slice(0, 80) ?? String(v);

/** A lifecycle command: a string (a shell line), an array (argv) or an object of named ones. */
function commands(key: string, v: Json, c: Collected): { name: string; command: string }[] {
  if (v === undefined) return [];
  if (typeof v === "string") return [{ name: key, command: v }];
  if (Array.isArray(v)) {
    if (v.every((a) => typeof a === "string")) return [{ name: key, command: shellWords(v) }];
  } else if (isObj(v)) {
    return Object.entries(v).flatMap(([name, cmd]) => commands(name, cmd, c).map((x) => ({ ...x, name })));
  }
  c.warn(`${FROM}: ${key} left out: expected a string, an array of strings or an object of them.`);
  return [];
}

function variables(key: string, v: Json, c: Collected): void {
  if (v === undefined) return;
  if (!isObj(v)) {
    c.warn(`${FROM}: ${key} left out: expected an object of names to strings.`);
    return;
  }
  for (const [name, value] of Object.entries(v)) {
    if (typeof value !== "string") c.warn(`${FROM}: ${key}.${name} left out: not a string.`);
    else if (/\$\{[^}]*\}/.test(value))
      c.warn(
        `${FROM}: ${key}.${name} left out: \${…} substitutions (${short(value)}) are not supported; set it under Variables.`,
      );
    else c.addEnv(name, value, FROM);
  }
}

function imageAdvice(json: Record<string, Json>, c: Collected): void {
  const image = typeof json.image === "string" ? json.image : null;
  if (image) {
    const pkgs = toolchainFor(image);
    c.warn(
      `${FROM}: image ${short(image)} is not used: Kalpana workspaces run their own image and get tools from Nix.` +
        (pkgs.length
          ? ` Added ${pkgs.map((p) => `pkgs.${p}`).join(", ")} to the flake instead.`
          : " Add the tools it has as packages in flake.nix."),
    );
    for (const p of pkgs) c.addPackage([p], FROM);
  }
  if (json.build !== undefined || json.dockerFile !== undefined || json.dockerfile !== undefined)
    c.warn(
      `${FROM}: the Dockerfile build is not used: put the packages its RUN lines install into flake.nix (packages = [ pkgs.… ]) and its setup steps into postCreateCommand.`,
    );
  if (json.dockerComposeFile !== undefined)
    c.warn(
      `${FROM}: dockerComposeFile is not used: services run as commands inside the workspace (add their packages and start them in postStartCommand).`,
    );
  if (json.features !== undefined) {
    if (!isObj(json.features)) {
      c.warn(`${FROM}: features left out: expected an object.`);
      return;
    }
    for (const ref of Object.keys(json.features).slice(0, 50)) {
      const pkgs = toolchainFor(ref.replace(/^.*\/features\//, ""));
      c.warn(
        `${FROM}: feature ${short(ref)} is not installed: features are container scripts.` +
          (pkgs.length
            ? ` Added ${pkgs.map((p) => `pkgs.${p}`).join(", ")} to the flake instead.`
            : " Add the tools it installs as packages in flake.nix."),
      );
      for (const p of pkgs) c.addPackage([p], FROM);
    }
  }
}

const IGNORED: Record<string, string> = {
  initializeCommand:
    "it runs on the host machine in Dev Containers; Kalpana never runs repository commands outside the workspace",
  postAttachCommand: "there is no attach step; use postStartCommand",
  mounts: "mounts are not supported; the workspace has /workspace and your home folder",
  runArgs: "docker run arguments are not supported",
  privileged: "privileged containers are not supported",
  capAdd: "extra capabilities are not supported",
  appPort: "use forwardPorts",
};

export function convertDevcontainer(text: string): ImportedConfig {
  const c = new Collected();
  const errors: ParseError[] = [];
  const json: Json = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !isObj(json)) {
    const e = errors[0];
    const where = e ? ` at offset ${e.offset}: ${printParseErrorCode(e.error)}` : ": not a JSON object";
    throw new DevcontainerError(`${FROM} could not be read${where}`);
  }
  imageAdvice(json, c);
  variables("containerEnv", json.containerEnv, c);
  variables("remoteEnv", json.remoteEnv, c);

  const ports = json.forwardPorts;
  if (Array.isArray(ports)) {
    for (const p of ports.slice(0, 100)) {
      if (typeof p === "number") c.addPort(p, FROM);
      else if (typeof p === "string" && /^(localhost:|127\.0\.0\.1:)?\d{1,5}$/.test(p))
        c.addPort(Number(p.split(":").pop()), FROM);
      else
        c.warn(
          `${FROM}: forwardPorts entry ${short(p)} left out: only ports of the workspace itself can be previewed.`,
        );
    }
  } else if (ports !== undefined) c.warn(`${FROM}: forwardPorts left out: expected an array.`);

  for (const key of ["onCreateCommand", "updateContentCommand", "postCreateCommand"])
    for (const h of commands(key, json[key], c)) c.addHook("onCreate", h.name, h.command, FROM);
  for (const h of commands("postStartCommand", json.postStartCommand, c))
    c.addHook("onStart", h.name, h.command, FROM);

  const vscode =
    isObj(json.customizations) && isObj(json.customizations.vscode) ? json.customizations.vscode : null;
  // The top-level `extensions` is the old (pre-customizations) spelling, still common.
  const extensions = [vscode?.extensions, json.extensions].filter(Array.isArray).flat() as Json[];
  for (const e of extensions.slice(0, 200)) {
    if (typeof e !== "string") c.warn(`${FROM}: an extension left out: ${short(e)} is not a string.`);
    else if (!e.startsWith("-")) c.addExtension(e, FROM); // "-publisher.name" removes a default one
  }
  if (vscode && vscode.settings !== undefined)
    c.warn(`${FROM}: customizations.vscode.settings are not applied: put them in .vscode/settings.json.`);
  for (const [key, reason] of Object.entries(IGNORED))
    if (json[key] !== undefined) c.warn(`${FROM}: ${key} left out: ${reason}.`);

  const name = typeof json.name === "string" ? json.name.slice(0, 60) : FROM;
  return {
    source: "devcontainer",
    path: FROM,
    nixConfig: renderFlake({ description: name, nixpkgs: DEFAULT_NIXPKGS, packages: c.packages }),
    nixConfigKind: "flake",
    packages: c.packages,
    env: c.env,
    setup: c.setup(),
    warnings: c.warnings,
  };
}
