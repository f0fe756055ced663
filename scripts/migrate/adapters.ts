// Driver-adapter factories for the wasm schema engine, with the three fixes it needs here:
// - SQLite: the engine sends whole migration scripts through executeRaw, which better-sqlite3
//   prepares as ONE statement; multi-statement SQL is routed to executeScript instead.
// - PostgreSQL: adapter-pg rejects pg's internal "char" type (oid 18) that introspection selects
//   from pg_catalog; we report it as text, which is what its value is.
// - PostgreSQL shadow DB: PrismaPg built from a URL reuses the MAIN database as shadow (the URL
//   wins over `database`), so we create and drop a throwaway database ourselves.
import { randomBytes } from "node:crypto";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { prepareSqliteFile } from "../../web/server/db/private-files";
import { isPostgresUrl, sqliteFilePath } from "./paths";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
let charPatched = false;

function reportPgCharAsText(): void {
  if (charPatched) return;
  charPatched = true;
  const proto = pg.Result.prototype as unknown as { addFields(fields: { dataTypeID: number }[]): void };
  const addFields = proto.addFields;
  proto.addFields = function (fields) {
    for (const f of fields) if (f.dataTypeID === PG_CHAR_OID) f.dataTypeID = PG_TEXT_OID;
    addFields.call(this, fields);
  };
}

/** True when `sql` holds more than one statement (ignores a trailing semicolon and comments). */
export function isMultiStatement(sql: string): boolean {
  const body = sql
    .replace(/--[^\n]*/g, "")
    .replace(/'(?:[^']|'')*'/g, "''")
    .trim()
    .replace(/;\s*$/, "");
  return body.includes(";");
}

function routeScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query: SqlQuery) => {
    if (query.args.length === 0 && isMultiStatement(query.sql)) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

function sqliteFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const file = sqliteFilePath(url);
  prepareSqliteFile(file); // the data folder 0700, the database 0600 (see private-files.ts)
  const inner = new PrismaBetterSqlite3({ url: file === ":memory:" ? file : `file:${file}` });
  return {
    provider: "sqlite",
    adapterName: inner.adapterName,
    connect: async () => routeScripts(await inner.connect()),
    connectToShadowDb: async () => routeScripts(await inner.connectToShadowDb()),
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs `sql` on the server's maintenance connection (CREATE/DROP DATABASE cannot run in a tx). */
export async function pgAdmin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function postgresFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  reportPgCharAsText();
  const inner = new PrismaPg({ connectionString: url });
  return {
    provider: "postgres",
    adapterName: inner.adapterName,
    connect: () => inner.connect(),
    connectToShadowDb: async () => {
      const name = `kalpana_shadow_${randomBytes(6).toString("hex")}`;
      await pgAdmin(url, `CREATE DATABASE "${name}"`);
      const shadow = await new PrismaPg({ connectionString: withDatabase(url, name) }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await pgAdmin(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return shadow;
    },
  };
}

export interface TrackedFactory {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Disposes every connection the engine opened (freeing the engine does not). */
  disposeAll(): Promise<void>;
}

export function adapterFactoryFor(url: string): TrackedFactory {
  const inner = isPostgresUrl(url) ? postgresFactory(url) : sqliteFactory(url);
  const open = new Set<SqlDriverAdapter>();
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (!open.delete(adapter)) return;
      await dispose();
    };
    open.add(adapter);
    return adapter;
  };
  return {
    factory: {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: () => track(() => inner.connect()),
      connectToShadowDb: () => track(() => inner.connectToShadowDb()),
    },
    disposeAll: async () => {
      for (const adapter of [...open]) await adapter.dispose();
    },
  };
}
