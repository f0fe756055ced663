// One way to run several writes as a unit. Repositories take an optional `tx` (default: the
// process-wide client), so a caller composes them inside `inTx` without seeing Prisma.
import type { Prisma } from "../../generated/prisma/client";
import { type Db, db } from "./client";

/** A transaction handle; repositories accept it wherever they accept the client. */
export type Tx = Prisma.TransactionClient;
/** The client or a transaction: what every repository function runs its queries on. */
export type Queryable = Db | Tx;

/**
 * Runs `fn` in one database transaction: all its writes commit together or none do.
 * Waits up to 20 s for the lock (SQLite has one writer; claims queue) and allows 20 s of work.
 */
export function inTx<T>(fn: (tx: Tx) => Promise<T>, client: Db = db()): Promise<T> {
  return client.$transaction(fn, { maxWait: 20_000, timeout: 20_000 });
}
