// A second web process, as far as workspace locks go: takes the lock of workspace argv[2] (on
// DATABASE_URL), prints "locked", and holds it until a line arrives on stdin (or it is killed).
import { createInterface } from "node:readline";
import { closeAdvisoryConnections } from "../db/advisory-lock";
import { withWorkspaceLock } from "./lock";

const id = process.argv[2] ?? "ws";
await withWorkspaceLock(id, async () => {
  process.stdout.write("locked\n");
  await new Promise<void>((resolve) =>
    createInterface({ input: process.stdin }).once("line", () => resolve()),
  );
});
process.stdout.write("released\n");
await closeAdvisoryConnections();
process.exit(0);
