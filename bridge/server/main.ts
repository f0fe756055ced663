import { runCredentialHelper } from "../ops/git/credential-helper";
import { readSecret } from "./auth";
import { loadConfig } from "./config";
import { log } from "./log";

// Last line of defence: a bug in one op must not take down every other connection's work.
process.on("uncaughtException", (e) => log("error", "uncaught exception", { error: e.stack ?? String(e) }));
process.on("unhandledRejection", (e) => log("error", "unhandled rejection", { error: String(e) }));

async function main(): Promise<void> {
  const config = loadConfig();
  let secret: string;
  try {
    secret = await readSecret(config.secretFile);
  } catch (e) {
    log("error", "cannot read the bridge secret", { file: config.secretFile, error: (e as Error).message });
    process.exit(78); // EX_CONFIG: the container should not run a bridge anyone could use
  }
  // Loaded here, not at the top: the credential helper runs this same bundle once per git
  // operation and needs none of socket.io (esbuild evaluates a dynamic import's module lazily).
  const { startBridge } = await import("./app");
  const bridge = await startBridge(config, secret);
  log("info", "listening", { port: bridge.port, root: config.root, node: process.version });
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.once(sig, () => {
      log("info", "shutting down", { signal: sig });
      bridge.close().finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 3000).unref();
    });
  }
}

// The same bundle is the image's git credential helper (ops/git/credential-helper.ts).
if (process.argv[2] === "git-credential") {
  runCredentialHelper(process.argv[3]).finally(() => process.exit(0));
} else {
  main().catch((e) => {
    log("error", "bridge failed to start", { error: (e as Error).message });
    process.exit(1);
  });
}
