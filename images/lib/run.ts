// Child-process helpers for the image build: capture output, or stream it line by line
// with a prefix so interleaved build logs stay readable.
import { spawn } from "node:child_process";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(
  cmd: string,
  args: string[],
  opts: { input?: NodeJS.ReadableStream } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [opts.input ? "pipe" : "ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => {
      stdout += d;
    });
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    if (opts.input && child.stdin) opts.input.pipe(child.stdin);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export async function runOk(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** Runs a command, printing each output line as `[prefix] line`; rejects on failure. */
export function runStreamed(cmd: string, args: string[], prefix: string, log = console.log): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    const tail: string[] = [];
    const onLine = (raw: string) => {
      // docker's classic builder colours stderr; the prefix makes colour pointless.
      const line = raw.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
      if (!line.trim()) return;
      log(`[${prefix}] ${line}`);
      tail.push(line);
      if (tail.length > 30) tail.shift();
    };
    child.stdout.on("data", lineSplitter(onLine));
    child.stderr.on("data", lineSplitter(onLine));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}:\n${tail.join("\n")}`)),
    );
  });
}

function lineSplitter(onLine: (line: string) => void): (d: Buffer) => void {
  let rest = "";
  return (d) => {
    const lines = (rest + d.toString()).split(/\r?\n/);
    rest = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  };
}
