// A second web process running workspace argv[2]'s start pipeline (on DATABASE_URL): the pipeline
// prints "running", then waits until it is cancelled, prints "aborted" and lets go.
import { closeAdvisoryConnections } from "../db/advisory-lock";
import { disconnectDb } from "../db/client";
import { isStarting, trackStart } from "./active";

const id = process.argv[2] ?? "ws";
trackStart(id, async (signal) => {
  process.stdout.write("running\n");
  await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  await new Promise((r) => setTimeout(r, 300)); // letting go takes a moment, as a real one does
  process.stdout.write("aborted\n");
});
while (isStarting(id)) await new Promise((r) => setTimeout(r, 50));
process.stdout.write("done\n");
await closeAdvisoryConnections();
await disconnectDb();
process.exit(0);
