// The data folder holds the database and the server's secrets: only the server's own user may read
// it. Folders are created 0700 and files 0600 explicitly (never left to the umask), existing ones
// are tightened, and the SQLite file exists with 0600 before SQLite opens it, because SQLite
// creates its -wal and -shm files with the database file's own mode.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { dataDirFrom } from "./url";

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
export const SQLITE_SIDE_FILES = ["-wal", "-shm", "-journal"];

/**
 * Creates `dir` (and missing parents) as 0700. An existing folder is tightened only when asked
 * (the data folder): never chmod someone else's folder (a DATABASE_URL may point into /tmp).
 */
export function ensurePrivateDir(dir: string, tightenExisting = false): void {
  const existed = existsSync(dir);
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  if (!existed || tightenExisting) chmodSync(dir, DIR_MODE);
}

/** Creates `file` empty as 0600 if missing; sets 0600 either way. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, "a", FILE_MODE));
  chmodSync(file, FILE_MODE);
}

/** Before SQLite opens `file`: its folder private, the file (and any side files) 0600. */
export function prepareSqliteFile(file: string, dataDir = dataDirFrom()): void {
  if (file === ":memory:") return;
  const dir = path.dirname(file);
  ensurePrivateDir(dir, path.resolve(dir) === path.resolve(dataDir));
  ensurePrivateFile(file);
  tightenSqliteSideFiles(file);
}

/** -wal/-shm left by an earlier run with looser modes (SQLite reuses them as they are). */
export function tightenSqliteSideFiles(file: string): void {
  for (const suffix of SQLITE_SIDE_FILES) {
    if (existsSync(file + suffix)) chmodSync(file + suffix, FILE_MODE);
  }
}
