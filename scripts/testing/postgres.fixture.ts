// A real PostgreSQL for tests: starts the local Debian cluster if needed, makes sure a login role
// for the current OS user exists (peer auth over the unix socket, so no password to manage), and
// hands out uniquely named throwaway databases. Safe to call from parallel test files.
// CI only apt-installs postgresql and runs as root, so everything here must happen on demand.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { userInfo } from "node:os";
import pg from "pg";

const socketDir = "/var/run/postgresql";

interface Cluster {
  version: string;
  name: string;
  port: number;
  online: boolean;
}

function listClusters(): Cluster[] {
  const out = execFileSync("pg_lsclusters", ["-h"], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 4)
    .map(([version, name, port, status]) => ({
      version: version!,
      name: name!,
      port: Number(port),
      online: status!.startsWith("online"),
    }));
}

/** True when the PostgreSQL server binaries are installed (apt package `postgresql`). */
export function postgresInstalled(): boolean {
  if (!existsSync("/usr/lib/postgresql")) return false;
  return readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`));
}

/** Runs a command as the `postgres` OS user (the cluster's superuser via peer auth). */
function asPostgres(cmd: string, args: string[]): string {
  const me = userInfo().username;
  const [bin, argv] =
    me === "postgres"
      ? [cmd, args]
      : process.getuid?.() === 0
        ? ["runuser", ["-u", "postgres", "--", cmd, ...args]]
        : ["sudo", ["-n", "-u", "postgres", cmd, ...args]];
  return execFileSync(bin, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function ensureCluster(): Cluster {
  let clusters = listClusters();
  if (clusters.length === 0) {
    // The apt package normally creates "main"; a stripped image may not have.
    const version = readdirSync("/usr/lib/postgresql").sort().at(-1)!;
    execFileSync("pg_createcluster", [version, "main"], { stdio: "ignore" });
    clusters = listClusters();
  }
  const cluster = clusters.find((c) => c.online) ?? clusters[0]!;
  if (!cluster.online) {
    try {
      execFileSync("pg_ctlcluster", [cluster.version, cluster.name, "start"], { stdio: "pipe" });
    } catch (err) {
      // Another test file may have started it a moment ago; only fail if it is still down.
      if (!listClusters().some((c) => c.online)) throw err;
    }
  }
  return { ...cluster, online: true };
}

function ensureRole(role: string, port: number): void {
  const quoted = `"${role.replaceAll('"', '""')}"`;
  const sql = `DO $$ BEGIN CREATE ROLE ${quoted} LOGIN CREATEDB;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN ALTER ROLE ${quoted} LOGIN CREATEDB; END $$;`;
  asPostgres("psql", ["-h", socketDir, "-p", String(port), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql]);
}

let server: { role: string; port: number } | undefined;

function ensureServer(): { role: string; port: number } {
  if (!server) {
    const cluster = ensureCluster();
    const role = userInfo().username;
    if (role !== "postgres") ensureRole(role, cluster.port);
    server = { role, port: cluster.port };
  }
  return server;
}

export function postgresUrl(database: string): string {
  const { role, port } = ensureServer();
  return `postgresql://${encodeURIComponent(role)}@localhost:${port}/${database}?host=${encodeURIComponent(socketDir)}`;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl("postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TempDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database with a unique name; `drop()` removes it even with open sessions. */
export async function createTempDatabase(prefix = "kalpana_test"): Promise<TempDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  return {
    url: postgresUrl(name),
    name,
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/**
 * Why PostgreSQL tests cannot run here, or null when they can. Like Docker tests, they may skip
 * only when PostgreSQL is not installed AND `CI` is unset; in CI a missing server is a failure.
 */
export function postgresSkipReason(): string | null {
  if (postgresInstalled()) return null;
  if (process.env.CI) return null; // let the test fail loudly
  return "PostgreSQL is not installed (apt-get install postgresql); skipped outside CI";
}
