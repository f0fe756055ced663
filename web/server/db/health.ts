// The database's part of /api/healthz: one round trip on the process-wide client.
import { db } from "./client";

/** Resolves when the database answers a trivial query; rejects with the driver's error otherwise. */
export async function pingDatabase(): Promise<void> {
  await db().$queryRaw`SELECT 1`;
}
