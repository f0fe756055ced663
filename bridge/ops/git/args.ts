import type { ParsedParams } from "../../protocol/index";

// Argument lists for every git call, built here and nowhere else. Pure functions so tests can
// assert the two promises this module makes: credentials never appear in argv (they travel
// only in the child's env, read by the askpass script), and hooks are off unless asked for.

export interface Creds {
  username: string;
  password: string;
  /** `scheme://host[:port]` the askpass answers for; nothing else gets the password. */
  origin?: string;
}

/**
 * `-c` options every call gets; network calls also drop credential helpers so nothing is stored.
 * run-git.ts adds the overrides of repo-config.ts on top (every key that names a program).
 */
export function baseConfig(opts: { runHooks?: boolean; network?: boolean } = {}): string[] {
  const args = [
    "--no-pager",
    "-c",
    "core.quotePath=false",
    "-c",
    "protocol.ext.allow=never",
    "-c",
    "color.ui=false",
  ];
  if (!opts.runHooks) args.push("-c", "core.hooksPath=/dev/null");
  if (opts.network) args.push("-c", "credential.helper=");
  return args;
}

/** Environment for a git child: no prompts, the askpass script, and this call's credentials only. */
export function gitEnv(askpassPath: string, creds?: Creds): Record<string, string> {
  const env: Record<string, string> = {
    GIT_TERMINAL_PROMPT: "0",
    GIT_ASKPASS: askpassPath,
    SSH_ASKPASS: askpassPath,
    GIT_SSH_COMMAND: "ssh -o BatchMode=yes",
    // No system or global config: both live where the workspace can write (~/.gitconfig) or
    // were not chosen by us. Only the repository's own config is read, and neutralised.
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_PAGER: "cat",
    PAGER: "cat",
    GIT_EDITOR: "true",
    GIT_SEQUENCE_EDITOR: "true",
    // Overrides every protocol.*.allow in config: no ext:: (runs a command), no git:// (whose
    // core.gitProxy runs one), no remote helpers named by the repository.
    GIT_ALLOW_PROTOCOL: "file:https:http:ssh",
    GIT_LITERAL_PATHSPECS: "1",
    GIT_OPTIONAL_LOCKS: "0",
    LC_ALL: "C",
  };
  if (creds) {
    env.KALPANA_GIT_USERNAME = creds.username;
    env.KALPANA_GIT_PASSWORD = creds.password;
    env.KALPANA_GIT_ORIGIN = creds.origin ?? "";
  }
  return env;
}

/** A path or file:// URL: git runs the other side's upload/receive-pack right here. */
export function isLocalUrl(url: string): boolean {
  if (url.startsWith("file:") || url.startsWith("/") || url.startsWith(".")) return true;
  // `host:path` (scp syntax) and `scheme://` are remote; anything else git reads as a path.
  return !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url) && !/^[^/]*:/.test(url);
}

/**
 * The program git starts for the other side of a fetch/push. Given on the command line because
 * `remote.<name>.uploadpack`/`receivepack` are first-wins (a `-c` cannot override them). For a
 * local repository that program runs HERE with the other repository's config and hooks (git
 * drops our `-c` for it), so it gets the same overrides; over ssh the server runs its own.
 */
export function packProgram(kind: "upload" | "receive", url: string): string {
  if (!isLocalUrl(url)) return `git-${kind}-pack`;
  return `git -c core.hooksPath=/dev/null -c core.fsmonitor=false -c core.alternateRefsCommand= ${kind}-pack`;
}

export const statusArgs = () => [
  ...baseConfig(),
  "status",
  // A submodule is another repository with its own config: never step into it.
  "--ignore-submodules=all",
  "--porcelain=v2",
  "--branch",
  "-z",
  "--untracked-files=all",
];

export function diffArgs(staged: boolean, paths: string[]): string[] {
  return [
    ...baseConfig(),
    "diff",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--ignore-submodules=all",
    ...(staged ? ["--cached"] : []),
    "--",
    ...paths,
  ];
}

export const LOG_FORMAT = "%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s%x1e";
export function logArgs(n: number, ref: string | undefined, paths: string[]): string[] {
  return [
    ...baseConfig(),
    "log",
    `--max-count=${n}`,
    `--format=${LOG_FORMAT}`,
    ...(ref ? [ref] : []),
    "--",
    ...paths,
  ];
}

export const branchListArgs = () => [
  ...baseConfig(),
  "for-each-ref",
  "--format=%(HEAD)%1f%(refname:short)%1f%(objectname)",
  "refs/heads",
];
export function branchCreateArgs(name: string, startPoint?: string): string[] {
  return [...baseConfig(), "branch", "--", name, ...(startPoint ? [startPoint] : [])];
}
export function checkoutArgs(ref: string, create: boolean): string[] {
  // The trailing "--" makes git read `ref` as a ref, never as a file to restore.
  return [...baseConfig(), "checkout", ...(create ? ["-b", ref] : [ref]), "--"];
}

export function addArgs(paths: string[] | "all"): string[] {
  return [...baseConfig(), "add", "-A", "--", ...(paths === "all" ? [] : paths)];
}
/** The message goes through stdin (`-F -`): no argv length limit and no option parsing of it. */
export function commitArgs(
  p: Pick<ParsedParams<"git:commit">, "author" | "allowEmpty" | "runHooks">,
): string[] {
  return [
    ...baseConfig({ runHooks: p.runHooks }),
    "-c",
    `user.name=${p.author.name}`,
    "-c",
    `user.email=${p.author.email}`,
    "commit",
    "--file=-",
    "--cleanup=strip",
    ...(p.runHooks ? [] : ["--no-verify"]),
    ...(p.allowEmpty ? ["--allow-empty"] : []),
  ];
}

/**
 * `target` is the remote's name, or the exact URL (with credentials it is always a URL, so
 * neither `pushurl` nor the remote's name can send the push somewhere else).
 */
export function pushArgs(
  p: ParsedParams<"git:push">,
  branch: string,
  target = p.remote,
  resolvedUrl = target,
): string[] {
  return [
    ...baseConfig({ runHooks: p.runHooks, network: true }),
    "push",
    "--progress",
    `--receive-pack=${packProgram("receive", resolvedUrl)}`,
    "--recurse-submodules=no",
    ...(p.runHooks ? [] : ["--no-verify"]),
    ...(p.setUpstream && target === p.remote ? ["--set-upstream"] : []),
    ...(p.forceWithLease ? ["--force-with-lease"] : []),
    "--",
    target,
    branch,
  ];
}

export function fetchArgs(p: ParsedParams<"git:fetch">, target = p.remote, resolvedUrl = target): string[] {
  return [
    ...baseConfig({ network: true }),
    "fetch",
    "--progress",
    `--upload-pack=${packProgram("upload", resolvedUrl)}`,
    "--no-recurse-submodules",
    ...(p.prune ? ["--prune"] : []),
    "--",
    target,
    // By URL, git would only fill FETCH_HEAD: update the remote's tracking refs as by name.
    ...(target === p.remote ? [] : [`+refs/heads/*:refs/remotes/${p.remote}/*`]),
  ];
}

export function cloneArgs(p: ParsedParams<"git:clone">, destAbs: string): string[] {
  return [
    ...baseConfig({ network: true }),
    "clone",
    "--progress",
    `--upload-pack=${packProgram("upload", p.url)}`,
    "--no-recurse-submodules",
    ...(p.branch ? ["--branch", p.branch] : []),
    ...(p.depth ? ["--depth", String(p.depth)] : []),
    "--",
    p.url,
    destAbs,
  ];
}
