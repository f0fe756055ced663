// socket.io across web processes: on PostgreSQL every broadcast (a room's workspace events, a
// disabled user's disconnect) goes through @socket.io/postgres-adapter (LISTEN/NOTIFY), so a
// browser connected to one process sees what another did. SQLite is one process: socket.io's own
// in-memory adapter (undefined here) is all it needs.
import { createAdapter } from "@socket.io/postgres-adapter";
import { createPgPool, sharedLocks } from "../db/advisory-lock";
import { databaseUrlFrom } from "../db/url";
import { logger } from "../log/log";

const log = logger("realtime");

/** NOTIFY carries at most 8000 bytes: bigger packets (long log lines) go through this table. */
export const ATTACHMENTS_TABLE = "socket_io_attachments";

export function sharedAdapter(url = databaseUrlFrom()) {
  if (!sharedLocks(url)) return undefined;
  const pool = createPgPool(url, 4);
  // Not a Prisma model: the adapter owns it, and it means nothing on SQLite.
  void pool
    .query(
      `CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE} (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`,
    )
    .catch((err) => log.error({ err: (err as Error).message }, "socket.io attachments table not created"));
  const make = createAdapter(pool, {
    tableName: ATTACHMENTS_TABLE,
    errorHandler: (err) => log.warn({ err: err.message }, "socket.io adapter error"),
  });
  // io.close() closes the adapter; its pool goes with it (ours, so socket.io does not end it).
  // A function, not an arrow: socket.io calls it with `new`.
  return function sharedNamespaceAdapter(nsp: Parameters<typeof make>[0]) {
    const adapter = make(nsp);
    const close = adapter.close.bind(adapter);
    adapter.close = () => {
      close();
      if (nsp.name === "/") void pool.end().catch(() => undefined);
    };
    return adapter;
  };
}
