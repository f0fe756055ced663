// PostgreSQL advisory locks and notifications: what several web processes on one database use to
// agree on per-workspace operations. Each held lock owns one pooled connection for as long as it is
// held (a session lock, not a transaction one: an operation spans container calls and many
// transactions). A process that dies drops its connections, and PostgreSQL releases their locks:
// a crash never leaves a workspace locked. SQLite has no such thing; it is one process by
// definition, and callers keep their in-process locks there (see workspaces/lock.ts).
import pg from "pg";
import { logger } from "../log/log";
import { processSlot } from "../process-state";
import { databaseUrlFrom, isPostgresUrl } from "./url";

const log = logger("db");

/** Lock namespaces (the first key of pg_advisory_lock(int, int)); the second is hashtext(id). */
export const LOCK_SPACE = {
  /** One lifecycle operation (start claim, stop, delete, reconcile) per workspace at a time. */
  workspace: 0x6b_6c_70_01,
  /** Held by the process running a workspace's start pipeline, for as long as it runs. */
  start: 0x6b_6c_70_02,
} as const;
export type LockSpace = keyof typeof LOCK_SPACE;

export type HeldLock = { release: () => Promise<void> };

/** True when DATABASE_URL names PostgreSQL: then locks and notifications are shared by processes. */
export function sharedLocks(url = databaseUrlFrom()): boolean {
  return isPostgresUrl(url);
}

/**
 * A plain pg pool on `url`, for what Prisma cannot do: holding a session (locks, LISTEN) and the
 * socket.io adapter's LISTEN/NOTIFY. The only place besides client.ts that opens connections.
 */
export function createPgPool(url: string, max: number): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  // An idle connection that breaks (server restart) must not crash the process.
  p.on("error", (err) => log.warn({ err: err.message }, "database connection lost"));
  return p;
}

// Apart from Prisma's pool: a lock waiting its turn holds a connection, and must not starve queries.
// One pool per lock space: a stop holds its workspace lock while it waits for the start lease, so
// the two must never compete for the same connections.
const pools = processSlot("advisory-lock-pools", () => new Map<string, pg.Pool>());

function pool(url: string, use: LockSpace | "notify"): pg.Pool {
  const id = `${use}\n${url}`;
  let p = pools.get(id);
  if (!p) {
    p = createPgPool(url, use === "notify" ? 2 : 64);
    pools.set(id, p);
  }
  return p;
}

async function lockOn(space: LockSpace, key: string, wait: boolean, url: string): Promise<HeldLock | null> {
  const client = await pool(url, space).connect();
  const lost = (err: Error) => log.error({ err: err.message, space, key }, "connection of a held lock lost");
  client.on("error", lost);
  let got: boolean;
  try {
    const sql = wait
      ? "SELECT true AS got FROM pg_advisory_lock($1::int, hashtext($2))"
      : "SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS got";
    const r = await client.query<{ got: boolean }>(sql, [LOCK_SPACE[space], key]);
    got = r.rows[0]?.got === true;
  } catch (err) {
    client.off("error", lost);
    client.release(err as Error);
    throw err;
  }
  if (!got) {
    client.off("error", lost);
    client.release();
    return null;
  }
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      try {
        await client.query("SELECT pg_advisory_unlock($1::int, hashtext($2))", [LOCK_SPACE[space], key]);
        client.off("error", lost);
        client.release();
      } catch (err) {
        // Destroying the connection releases the lock just as well.
        client.off("error", lost);
        client.release(err as Error);
      }
    },
  };
}

/** Waits until this process holds lock (`space`, `key`); no other process holds it meanwhile. */
export async function acquireAdvisoryLock(
  space: LockSpace,
  key: string,
  url = databaseUrlFrom(),
): Promise<HeldLock> {
  return (await lockOn(space, key, true, url)) as HeldLock;
}

/** The lock if it is free right now, else null (someone, maybe this process, holds it). */
export function tryAdvisoryLock(
  space: LockSpace,
  key: string,
  url = databaseUrlFrom(),
): Promise<HeldLock | null> {
  return lockOn(space, key, false, url);
}

/** Sends `payload` to every process listening on `channel` (this one included). */
export async function notify(channel: string, payload: string, url = databaseUrlFrom()): Promise<void> {
  await pool(url, "notify").query("SELECT pg_notify($1, $2)", [channel, payload]);
}

type Listener = { client: pg.Client | null; handlers: Set<(payload: string) => void> };
const listeners = processSlot("advisory-listeners", () => new Map<string, Listener>());

/**
 * Calls `handler` for every notification on `channel` (one LISTEN connection per channel and
 * process, reopened when it breaks). Returns the unsubscribe.
 */
export function listen(
  channel: string,
  handler: (payload: string) => void,
  url = databaseUrlFrom(),
): () => void {
  const id = `${url}\n${channel}`;
  let l = listeners.get(id);
  if (!l) {
    const entry: Listener = { client: null, handlers: new Set() };
    l = entry;
    listeners.set(id, entry);
    const open = async (): Promise<void> => {
      const client = new pg.Client({ connectionString: url });
      client.on("notification", (n) => {
        if (n.channel !== channel) return;
        for (const h of entry.handlers) h(n.payload ?? "");
      });
      client.on("error", (err) => {
        log.warn({ err: err.message, channel }, "notification connection lost; reopening");
        entry.client = null;
        if (entry.handlers.size > 0) setTimeout(() => void open().catch(() => undefined), 1000).unref();
      });
      await client.connect();
      await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
      entry.client = client;
    };
    void open().catch((err) => log.error({ err: (err as Error).message, channel }, "LISTEN failed"));
  }
  l.handlers.add(handler);
  const entry = l;
  return () => {
    entry.handlers.delete(handler);
  };
}

/** Closes every lock and notification connection of this process (tests' teardown). */
export async function closeAdvisoryConnections(): Promise<void> {
  for (const l of listeners.values()) {
    l.handlers.clear();
    await l.client?.end().catch(() => undefined);
  }
  listeners.clear();
  for (const p of pools.values()) await p.end().catch(() => undefined);
  pools.clear();
}
