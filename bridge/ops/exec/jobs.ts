import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { StringDecoder } from "node:string_decoder";
import type { Result } from "../../protocol/index";
import { BridgeError } from "../errors";
import { signalGroup, terminateGroup, waitForExit } from "../spawn/process-group";
import { RingBuffer } from "./ring-buffer";

type JobInfo = Result<"exec:wait">;

interface Job {
  id: string;
  command: string;
  child: ChildProcess;
  startedAt: number;
  endedAt?: number;
  exitCode: number | null;
  signal: string | null;
  buffer: RingBuffer;
  done: Promise<void>;
}

/** Finished jobs are kept for reading until this many jobs exist, then the oldest finished go. */
const MAX_JOBS = 64;

/** Background processes (dev servers, watchers): they outlive the request and the connection. */
export class JobTable {
  private readonly jobs = new Map<string, Job>();

  add(command: string, child: ChildProcess, bufferBytes: number, timeoutMs?: number): string {
    this.evict();
    const id = `job_${randomBytes(6).toString("hex")}`;
    const buffer = new RingBuffer(bufferBytes);
    for (const stream of ["stdout", "stderr"] as const) {
      const decoder = new StringDecoder("utf8");
      child[stream]?.on("data", (b: Buffer) => buffer.append(stream, decoder.write(b)));
    }
    const timer = timeoutMs ? setTimeout(() => terminateGroup(child), timeoutMs) : undefined;
    timer?.unref();
    const job: Job = {
      id,
      command,
      child,
      startedAt: Date.now(),
      exitCode: null,
      signal: null,
      buffer,
      done: Promise.resolve(),
    };
    job.done = waitForExit(child)
      .then(
        ({ code, signal }) => Object.assign(job, { exitCode: code, signal, endedAt: Date.now() }),
        () => Object.assign(job, { endedAt: Date.now() }),
      )
      .then(() => clearTimeout(timer));
    this.jobs.set(id, job);
    return id;
  }

  private evict(): void {
    if (this.jobs.size < MAX_JOBS) return;
    const finished = [...this.jobs.values()].filter((j) => j.endedAt !== undefined);
    if (finished.length === 0)
      throw new BridgeError("EBUSY", `${MAX_JOBS} background jobs are running; kill one first`);
    finished.sort((a, b) => a.endedAt! - b.endedAt!);
    this.jobs.delete(finished[0]!.id);
  }

  get(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new BridgeError("ENOENT", `no background job ${id}`);
    return job;
  }

  info(job: Job): JobInfo {
    return {
      jobId: job.id,
      pid: job.child.pid ?? -1,
      command: job.command,
      running: job.endedAt === undefined,
      exitCode: job.exitCode,
      signal: job.signal,
      startedAt: job.startedAt,
      durationMs: (job.endedAt ?? Date.now()) - job.startedAt,
      outputLength: job.buffer.total,
    };
  }

  async wait(id: string, timeoutMs: number): Promise<JobInfo> {
    const job = this.get(id);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([job.done, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    return this.info(job);
  }

  async kill(id: string, signal: NodeJS.Signals): Promise<JobInfo> {
    const job = this.get(id);
    if (job.endedAt === undefined) {
      if (signal === "SIGTERM") terminateGroup(job.child);
      else signalGroup(job.child.pid, signal);
      // Give it a moment so the reply usually carries the final state.
      await this.wait(id, 2000);
    }
    return this.info(job);
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => this.info(j));
  }

  /** Bridge shutdown: take every background process group down with it. */
  killAll(): void {
    for (const job of this.jobs.values())
      if (job.endedAt === undefined) signalGroup(job.child.pid, "SIGKILL");
  }
}
