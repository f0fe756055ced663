// Arguments of `npm run images` (images/build.ts). Kept pure so a typo fails with a usage line
// instead of a build followed by nothing.
import { validRegistry } from "./push";

export interface BuildArgs {
  /** Push the workspace image here after building ("host:port"). */
  push?: string;
}

export const USAGE = "usage: npm run images [-- --push <registry host:port>]";

export function parseBuildArgs(argv: string[]): BuildArgs {
  const out: BuildArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    let value: string | undefined;
    if (arg === "--push") value = argv[++i];
    else if (arg.startsWith("--push=")) value = arg.slice("--push=".length);
    else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    if (!value || !validRegistry(value))
      throw new Error(`--push needs a registry host:port, got "${value ?? ""}"\n${USAGE}`);
    out.push = value;
  }
  return out;
}
