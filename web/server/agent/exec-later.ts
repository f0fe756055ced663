// Files that make something run LATER, without anyone asking to run project code: git runs hooks
// and config-named programs on the next commit or status, VS Code runs tasks when the folder opens,
// shells source their startup files, direnv and dotenv loaders apply env files (NODE_OPTIONS,
// BASH_ENV, LD_PRELOAD ... run code), package managers read their rc files and install scripts,
// and CI runs workflow files on push. In "ask" mode writing one of them waits for the person like a
// command does. Classified on a lexically normalised path; approval.ts adds the real path the
// bridge resolves (symlinks). Documented in docs/AGENT.md; keep the two in step.
import path from "node:path";

export type ExecLaterRule = { id: string; reason: string };

const rule = (id: string, reason: string): ExecLaterRule => ({ id, reason });
const GIT = rule("git-dir", "git config and hooks run programs on later git commands");
const GIT_META = rule(
  "git-meta",
  "git attributes and submodules name filters, drivers and URLs git uses later",
);
const HOOKS = rule("git-hooks", "commit hooks run on the next commit");
const VSCODE = rule("vscode", "VS Code runs tasks, launch configs and settings-named programs from here");
const SHELL = rule("shell-startup", "a shell runs this file when it starts");
const ENV = rule(
  "env-file",
  "env files are loaded into later commands (NODE_OPTIONS, BASH_ENV ... run code)",
);
const PKG = rule("package-manager", "package managers run programs this file names");
const CI = rule("ci", "CI runs this on the next push, with the repository's secrets");

/** Folders whose every file is sensitive, wherever they appear (submodules have their own). */
const DIRS = new Map<string, ExecLaterRule>([
  [".git", GIT],
  [".husky", HOOKS],
  [".githooks", HOOKS],
  [".vscode", VSCODE],
  [".devcontainer", VSCODE],
  [".circleci", CI],
  [".buildkite", CI],
  [".woodpecker", CI],
]);

/** File names (lower case) that are sensitive in any folder. */
const FILES = new Map<string, ExecLaterRule>([
  [".gitattributes", GIT_META],
  [".gitmodules", GIT_META],
  [".pre-commit-config.yaml", HOOKS],
  ["lefthook.yml", HOOKS],
  [".lefthook.yml", HOOKS],
  ["lefthook.yaml", HOOKS],
  [".envrc", ENV],
  [".npmrc", PKG],
  [".yarnrc", PKG],
  [".yarnrc.yml", PKG],
  [".pnpmfile.cjs", PKG],
  ["bunfig.toml", PKG],
  [".mise.toml", ENV],
  ["mise.toml", ENV],
  [".tool-versions", ENV],
  [".gitlab-ci.yml", CI],
  [".travis.yml", CI],
  ["azure-pipelines.yml", CI],
  ["bitbucket-pipelines.yml", CI],
  [".drone.yml", CI],
  [".woodpecker.yml", CI],
  ["appveyor.yml", CI],
  ["jenkinsfile", CI],
  ...[
    ".bashrc",
    ".bash_profile",
    ".bash_login",
    ".bash_logout",
    ".profile",
    ".zshrc",
    ".zshenv",
    ".zprofile",
    ".zlogin",
    ".zlogout",
    ".kshrc",
    ".mkshrc",
    ".cshrc",
    ".tcshrc",
    ".login",
    ".logout",
  ].map((f) => [f, SHELL] as [string, ExecLaterRule]),
]);

/** Templates that no loader reads. */
const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults?)$/;

/** `input` as the bridge would see it, relative to /workspace, `..` and `.` folded, lower case. */
export function normalisePath(input: string): string {
  let p = input.replace(/\\/g, "/");
  if (p === "/workspace") p = ".";
  else if (p.startsWith("/workspace/")) p = p.slice("/workspace/".length) || ".";
  const n = path.posix.normalize(p.startsWith("/") ? p : `./${p}`);
  return n.replace(/^\.\//, "").replace(/\/+$/, "").toLowerCase() || ".";
}

/** Why writing `input` makes something run later, or null for an ordinary project file. */
export function executesLater(input: string): ExecLaterRule | null {
  const segs = normalisePath(input).split("/");
  const name = segs.at(-1) ?? "";
  for (const [i, s] of segs.entries()) {
    const dir = DIRS.get(s);
    // The folder itself counts too: moving or deleting `.git` is as sensitive as its files.
    if (dir) return dir;
    if (s === ".github" && ["workflows", "actions"].includes(segs[i + 1] ?? "")) return CI;
    if (s === ".gitlab" && segs[i + 1] === "ci") return CI;
    if (s === ".config" && ["fish", "direnv", "mise", "git"].includes(segs[i + 1] ?? "")) {
      return segs[i + 1] === "git" ? GIT : segs[i + 1] === "fish" ? SHELL : ENV;
    }
  }
  const file = FILES.get(name);
  if (file) return file;
  if ((name === ".env" || name.startsWith(".env.")) && !ENV_TEMPLATE.test(name)) return ENV;
  if (name.endsWith(".code-workspace")) return VSCODE;
  return null;
}
