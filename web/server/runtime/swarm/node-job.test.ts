// The node job's script against a fake engine on a unix socket (the real one runs it on every node
// in swarm.integration.test.ts): each step's calls, its results on the marked line, and a failing
// helper container that fails the job with its output and is removed all the same.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { NODE_SCRIPT, type NodeStep, parseNodeOutput, statsResult, volumesResult } from "./node-job";

const dir = mkdtempSync(path.join(tmpdir(), "node-job-"));
const sock = path.join(dir, "engine.sock");
const calls: string[] = [];
let exitCode = 0;

const frame = (text: string) => {
  const head = Buffer.alloc(8);
  head[0] = 2;
  head.writeUInt32BE(Buffer.byteLength(text), 4);
  return Buffer.concat([head, Buffer.from(text)]);
};
const cpu = (total: number, system: number) => ({
  cpu_usage: { total_usage: total },
  system_cpu_usage: system,
  online_cpus: 2,
});

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://engine");
  calls.push(`${req.method} ${url.pathname}`);
  const send = (status: number, body?: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };
  let body = "";
  req.on("data", (c) => {
    body += c;
  });
  req.on("end", () => {
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /volumes") {
      const filters = JSON.parse(url.searchParams.get("filters") ?? "{}");
      assert.deepEqual(filters, { label: ["kalpana.workspace", "kalpana.test=1"] });
      return send(200, { Volumes: [{ Name: "kalpana-a-home", Labels: { "kalpana.workspace": "a" } }] });
    }
    if (route === "POST /containers/create") {
      assert.equal(JSON.parse(body).Image, "img");
      return send(201, { Id: "c1" });
    }
    if (route === "POST /containers/c1/start") return send(204);
    if (route === "POST /containers/c1/wait") return send(200, { StatusCode: exitCode });
    if (route === "GET /containers/c1/logs") {
      res.writeHead(200);
      return res.end(frame("losetup: no free loop device\n"));
    }
    if (route === "DELETE /containers/c1") return send(204);
    if (route === "GET /containers/json" && url.searchParams.get("filters")?.includes("kalpana.node-job"))
      return send(200, [
        { Id: "oldjob", State: "exited", Created: 1 },
        { Id: "newjob", State: "exited", Created: Math.floor(Date.now() / 1000) },
      ]);
    if (route === "DELETE /containers/oldjob") return send(204);
    if (route === "GET /containers/json")
      return send(200, [
        { Id: "t1", State: "running", Labels: { "kalpana.workspace": "a", "kalpana.node": "n1" } },
        { Id: "t2", State: "exited", Labels: { "kalpana.workspace": "a" } },
      ]);
    if (route === "GET /containers/t1/stats")
      return send(200, {
        cpu_stats: cpu(2e9, 20e9),
        precpu_stats: cpu(1e9, 10e9),
        memory_stats: { usage: 300 * 2 ** 20, stats: { inactive_file: 100 * 2 ** 20 } },
      });
    if (route === "POST /containers/t1/exec") {
      assert.deepEqual(JSON.parse(body).Cmd, ["/bin/df", "-B1", "--output=size,used", "/workspace"]);
      assert.equal(JSON.parse(body).User, "1000:1000");
      return send(201, { Id: "e1" });
    }
    if (route === "POST /exec/e1/start") {
      res.writeHead(200);
      return res.end(frame("   1B-blocks     Used\n  67108864  1048576\n"));
    }
    if (route === "GET /containers/t2/stats") return send(409, { message: "not running" });
    if (route === "DELETE /containers/t2") return send(204);
    if (route === "DELETE /volumes/kalpana-a-home") return send(204);
    if (route === "DELETE /volumes/kalpana-a-nix") return send(404);
    if (route === "DELETE /volumes/kalpana-a-workspace") return send(409, { message: "in use" });
    send(500, { message: `unexpected ${route}` });
  });
});

before(() => new Promise<void>((ok) => server.listen(sock, ok)));
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runSteps(steps: NodeStep[]) {
  calls.length = 0;
  return promisify(execFile)(process.execPath, ["-e", NODE_SCRIPT, sock, JSON.stringify(steps)]);
}

test("volumes and stats: one marked line with every step's result", async () => {
  const { stdout } = await runSteps([
    { op: "volumes", labels: ["kalpana.workspace", "kalpana.test=1"] },
    { op: "stats", labels: ["kalpana.workspace"], disk: "/workspace" },
  ]);
  const [vols, stats] = parseNodeOutput(`some log line\n${stdout}`);
  assert.deepEqual(volumesResult.parse(vols), [
    { name: "kalpana-a-home", labels: { "kalpana.workspace": "a" } },
  ]);
  // The engine lists running containers only; one that stops meanwhile (t2) is left out.
  const parsed = statsResult.parse(stats);
  assert.equal(parsed.length, 1);
  assert.equal(parsed[0]?.memory_stats.usage, 300 * 2 ** 20);
  assert.deepEqual(parsed[0]?.memory_stats.stats, { inactive_file: 100 * 2 ** 20 });
  assert.deepEqual(parsed[0]?.disk, { totalBytes: 67108864, usedBytes: 1048576 });
});

test("run: the container is created, started, waited for and removed", async () => {
  exitCode = 0;
  const { stdout } = await runSteps([{ op: "run", spec: { Image: "img" } }]);
  assert.deepEqual(parseNodeOutput(stdout), [null]);
  assert.deepEqual(calls, [
    "POST /containers/create",
    "POST /containers/c1/start",
    "POST /containers/c1/wait",
    "DELETE /containers/c1",
    // The sweep: earlier jobs' exited containers, only those older than 10 minutes.
    "GET /containers/json",
    "DELETE /containers/oldjob",
  ]);
});

test("run: a non-zero exit fails the job with the container's output; it is removed anyway", async () => {
  exitCode = 3;
  await assert.rejects(
    runSteps([{ op: "run", spec: { Image: "img" } }]),
    (err: Error & { stderr: string }) => {
      assert.match(err.stderr, /exit 3: losetup: no free loop device/);
      return true;
    },
  );
  assert.equal(calls.at(-1), "DELETE /containers/c1");
});

test("purge: exited containers and the volumes go; a volume still in use fails the job", async () => {
  await runSteps([{ op: "purge", workspaceId: "a", volumes: ["kalpana-a-home", "kalpana-a-nix"] }]);
  assert.deepEqual(calls, [
    "GET /containers/json",
    "DELETE /containers/t2",
    "DELETE /volumes/kalpana-a-home",
    "DELETE /volumes/kalpana-a-nix",
    "GET /containers/json",
    "DELETE /containers/oldjob",
  ]);
  await assert.rejects(
    runSteps([{ op: "purge", workspaceId: "a", volumes: ["kalpana-a-workspace"] }]),
    /volume kalpana-a-workspace: 409/,
  );
});

test("a job that printed no result is an error with its output", () => {
  assert.throws(() => parseNodeOutput("Error: boom\n"), /printed no result: Error: boom/);
});

test("a long result comes in numbered lines under the log drivers' 16 KiB; all are needed", () => {
  const big = "x".repeat(20_000);
  const text = JSON.stringify([big]);
  const lines = [0, 1, 2].map((i) => `KALPANA-NODE-RESULT ${i}/3 ${text.slice(i * 8000, (i + 1) * 8000)}`);
  assert.ok(lines.every((l) => l.length < 16_384));
  assert.deepEqual(parseNodeOutput([lines[2], "noise", lines[0], lines[1]].join("\n")), [big]);
  assert.throws(() => parseNodeOutput([lines[0], lines[2]].join("\n")), /printed no result/);
});
