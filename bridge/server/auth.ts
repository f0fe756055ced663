import { createHash, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";

// Below this the secret is guessable; the web app generates 32 random bytes per workspace.
const MIN_SECRET_LENGTH = 16;

/** Read once at startup; trailing newlines from `echo > file` are not part of the secret. */
export async function readSecret(file: string): Promise<string> {
  const secret = (await readFile(file, "utf8")).trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the bridge secret in ${file} is shorter than ${MIN_SECRET_LENGTH} characters`);
  }
  return secret;
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/**
 * Constant-time check. Hashing both sides first gives equal-length buffers, so neither the
 * comparison time nor a length check leaks how much of the secret a guess got right.
 */
export function secretMatches(expected: string, given: unknown): boolean {
  if (typeof given !== "string" || given.length === 0 || given.length > 4096) return false;
  return timingSafeEqual(digest(expected), digest(given));
}
