// An OpContext for op tests: the real fs and spawn on `root`, a fresh job table, no connection.
import { spawn as realSpawn } from "node:child_process";
import * as fsp from "node:fs/promises";
import type { OpContext } from "./context";
import { JobTable } from "./exec/jobs";
import { McpSessions } from "./mcp/sessions";

export function testOpContext(root: string, overrides: Partial<OpContext> = {}): OpContext {
  const emit = overrides.emit ?? (() => {});
  return {
    root,
    fs: fsp,
    spawn: realSpawn,
    execMaxTimeoutMs: 5000,
    rgPath: process.env.KALPANA_RG_PATH ?? "rg",
    gitPath: "git",
    askpassPath: "/nonexistent",
    emit,
    signal: new AbortController().signal,
    execs: new Map(),
    jobs: new JobTable(),
    mcp: new McpSessions(emit),
    ...overrides,
  };
}
