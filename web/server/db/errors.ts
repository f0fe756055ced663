// Prisma failures the app tells apart. Only "the row is gone" (P2025: update/delete found nothing)
// is an expected outcome; every other database error is a real failure and must surface.

/** True when an update or delete found no row (it was deleted meanwhile). */
export function isRecordMissing(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "P2025";
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
