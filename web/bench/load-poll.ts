// The API polling of `npm run bench:load`, in a worker thread of its own (load.bench.ts starts it): a
// person's browser has its own CPU time, and the bench's event loop, busy with the chats' streams and
// 20 WebSockets, stalled 40-130 ms every second under load, which each poll timed on it counted too.
import { parentPort, workerData } from "node:worker_threads";
import "../testing/localhost-dns.fixture"; // kalpana.localhost, as a browser resolves it

export type PollJob = {
  url: string;
  stopAt: number;
  pollMs: number;
  users: { cookie: string; ids: string[] }[];
};
export type PollResult = { latencies: number[]; failures: string[] };

const job = workerData as PollJob;
const latencies: number[] = [];
const failures: string[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each user: its workspace list and each of its workspaces, every pollMs. */
async function poll({ cookie, ids }: { cookie: string; ids: string[] }) {
  while (Date.now() < job.stopAt) {
    for (const path of ["/api/workspaces", ...ids.map((id) => `/api/workspaces/${id}`)]) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${job.url}${path}`, { headers: { cookie } });
        await res.json().catch(() => null);
        latencies.push(performance.now() - t0);
        if (res.status !== 200) failures.push(`${path} ${res.status}`);
      } catch (e) {
        failures.push(`${path} ${(e as Error).message}`);
      }
    }
    await sleep(job.pollMs);
  }
}

await Promise.all(job.users.map(poll));
parentPort!.postMessage({ latencies, failures } satisfies PollResult);
