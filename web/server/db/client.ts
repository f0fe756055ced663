// The ONLY module that creates a Prisma client: everything else calls `db()`.
// Server-only (by convention; the custom server imports it too, so no `server-only` package).
// A generated Prisma client accepts only a driver adapter of the provider it was generated for,
// so there are two generated clients (same models, see prisma/schema.prisma) and the URL picks.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../../generated/prisma-postgres/client";
import { peekProcessSlot, setProcessSlot } from "../process-state";
import { prepareSqliteFile } from "./private-files";
import { databaseUrlFrom, isPostgresUrl, sqliteFilePath } from "./url";

/** The client type the app codes against (the two generated clients share their model API). */
export type Db = PrismaClient;

/**
 * Per-connection SQLite settings, applied through the adapter's own better-sqlite3:
 * WAL lets the custom server and Next's route handlers (two connections) read while one writes;
 * synchronous NORMAL (SQLite's advice for WAL) syncs the log at checkpoints instead of on every
 * commit: better-sqlite3 runs on the event loop, so each commit's fsync stalled every request and
 * socket of the server (an audit row per agent tool call). A crash of the process loses nothing;
 * a power loss or kernel crash can lose the last commits, never the database's consistency.
 * Foreign keys must be switched on per connection for the cascades in the schema to happen.
 */
class KalpanaSqlite extends PrismaBetterSqlite3 {
  override async connect() {
    const connection = await super.connect();
    await connection.executeScript(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
    );
    return connection;
  }
}

function createSqlite(url: string): Db {
  const file = sqliteFilePath(url);
  prepareSqliteFile(file); // 0600 before SQLite opens it: its -wal/-shm inherit the mode
  // `timeout`: wait up to 5 s for a concurrent writer instead of failing at once with SQLITE_BUSY.
  const adapter = new KalpanaSqlite({ url: file === ":memory:" ? file : `file:${file}`, timeout: 5000 });
  return new PrismaClient({ adapter });
}

function createPostgres(url: string): Db {
  const adapter = new PrismaPg({ connectionString: url });
  return new PostgresPrismaClient({ adapter }) as unknown as Db;
}

/** A new client for `databaseUrl` (`file:` → SQLite, `postgres://` → PostgreSQL). */
export function createDb(databaseUrl: string): Db {
  return isPostgresUrl(databaseUrl) ? createPostgres(databaseUrl) : createSqlite(databaseUrl);
}

// A process slot, so Next's dev HMR (which re-evaluates modules) and the route bundles do not open
// a new connection pool each.
export const DB_SLOT = "db";
type Cached = { url: string; client: Db };

/** The process-wide client for process.env.DATABASE_URL (default file:./.data/kalpana.db). */
export function db(): Db {
  const url = databaseUrlFrom();
  let cached = peekProcessSlot<Cached>(DB_SLOT);
  if (cached?.url !== url) {
    // Only tests switch URLs mid-process; close the old pool rather than leak it.
    void cached?.client.$disconnect();
    cached = { url, client: createDb(url) };
    setProcessSlot(DB_SLOT, cached);
  }
  return cached.client;
}

/** Closes the process-wide client's connections (a test's teardown; the next db() reconnects). */
export async function disconnectDb(): Promise<void> {
  await peekProcessSlot<Cached>(DB_SLOT)?.client.$disconnect();
}
