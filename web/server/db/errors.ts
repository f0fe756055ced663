// Prisma failures the app tells apart. Only "the row is gone" (P2025: update/delete found nothing)
// is an expected outcome; every other database error is a real failure and must surface.
import { AppError } from "../errors";

/** True when an update or delete found no row (it was deleted meanwhile). */
export function isRecordMissing(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "P2025";
}

/** A foreign key refused the write (P2003): the row it points to was deleted meanwhile. */
export function isParentMissing(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "P2003";
}

/** A unique constraint refused the write (P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "P2002";
}

/** `p`'s value, or null when its row was deleted meanwhile; any other failure still rejects. */
export async function unlessMissing<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (isRecordMissing(err)) return null;
    throw err;
  }
}

/**
 * The one place a database failure becomes an application error: a missing row is `not_found`,
 * a unique violation `conflict` (with `what` in both messages); anything else is rethrown as is.
 */
export function toAppError(err: unknown, what = "Record"): unknown {
  if (isRecordMissing(err)) return new AppError("not_found", `${what} not found`);
  if (isUniqueViolation(err)) return new AppError("conflict", `${what} already exists`);
  return err;
}

/** `p`'s value; database "missing"/"duplicate" failures become AppErrors (see toAppError). */
export async function mapDbErrors<T>(p: Promise<T>, what?: string): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw toAppError(err, what);
  }
}
