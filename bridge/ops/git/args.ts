import type { ParsedParams } from "../../protocol/index";

// Argument lists for every git call, built here and nowhere else. Pure functions so tests can
// assert the two promises this module makes: credentials never appear in argv (they travel
// only in the child's env, read by the askpass script), and hooks are off unless asked for.

export interface Creds {
  username: string;
  password: string;
}

/** `-c` options every call gets; network calls also drop credential helpers so nothing is stored. */
export function baseConfig(opts: { runHooks?: boolean; network?: boolean } = {}): string[] {
  const args = ["-c", "core.quotePath=false", "-c", "protocol.ext.allow=never", "-c", "color.ui=false"];
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
    GIT_LITERAL_PATHSPECS: "1",
    GIT_OPTIONAL_LOCKS: "0",
    LC_ALL: "C",
  };
  if (creds) {
    env.KALPANA_GIT_USERNAME = creds.username;
    env.KALPANA_GIT_PASSWORD = creds.password;
  }
  return env;
}

export const statusArgs = () => [
  ...baseConfig(),
  "status",
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

export function pushArgs(p: ParsedParams<"git:push">, branch: string): string[] {
  return [
    ...baseConfig({ runHooks: p.runHooks, network: true }),
    "push",
    "--progress",
    ...(p.runHooks ? [] : ["--no-verify"]),
    ...(p.setUpstream ? ["--set-upstream"] : []),
    ...(p.forceWithLease ? ["--force-with-lease"] : []),
    "--",
    p.remote,
    branch,
  ];
}

export function fetchArgs(p: ParsedParams<"git:fetch">): string[] {
  return [
    ...baseConfig({ network: true }),
    "fetch",
    "--progress",
    ...(p.prune ? ["--prune"] : []),
    "--",
    p.remote,
  ];
}

export function cloneArgs(p: ParsedParams<"git:clone">, destAbs: string): string[] {
  return [
    ...baseConfig({ network: true }),
    "clone",
    "--progress",
    ...(p.branch ? ["--branch", p.branch] : []),
    ...(p.depth ? ["--depth", String(p.depth)] : []),
    "--",
    p.url,
    destAbs,
  ];
}
