// Secrets at rest (GitHub tokens, users' model API keys, bridge secrets): AES-256-GCM with a
// 32-byte key from KALPANA_ENCRYPTION_KEY (base64). Output is versioned so the scheme can change
// without guessing: "v1:<iv b64>:<auth tag b64>:<ciphertext b64>". Server-only by convention.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { loadedConfig } from "./config";

const VERSION = "v1";
const IV_BYTES = 12; // GCM's standard nonce size; random per message, never reused with a key.
const TAG_BYTES = 16;

export class SecretKeyError extends Error {
  override name = "SecretKeyError";
}

export class DecryptError extends Error {
  override name = "DecryptError";
}

/**
 * The 32-byte key: `key` if given (base64 string or bytes), else the configured one (which may
 * have been generated into the data folder), else, before anything parsed the configuration
 * (scripts, unit tests), KALPANA_ENCRYPTION_KEY itself.
 */
export function resolveKey(key?: string | Buffer): Buffer {
  const source = key ?? loadedConfig()?.encryptionKey ?? process.env.KALPANA_ENCRYPTION_KEY;
  if (source === undefined || source === "") {
    throw new SecretKeyError("KALPANA_ENCRYPTION_KEY is not set (expected 32 random bytes, base64)");
  }
  const bytes = typeof source === "string" ? Buffer.from(source, "base64") : source;
  if (bytes.length !== 32) {
    // The message never contains the key itself.
    throw new SecretKeyError(`encryption key must be 32 bytes encoded as base64 (got ${bytes.length} bytes)`);
  }
  return bytes;
}

export function encryptSecret(plain: string, key?: string | Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", resolveKey(key), iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64"), tag.toString("base64"), ciphertext.toString("base64")].join(":");
}

export function decryptSecret(encrypted: string, key?: string | Buffer): string {
  const k = resolveKey(key);
  const parts = encrypted.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new DecryptError("not an encrypted secret (expected v1:<iv>:<tag>:<ciphertext>)");
  }
  const [, ivB64, tagB64, dataB64] = parts as [string, string, string, string];
  const iv = Buffer.from(ivB64, "base64");
  const tag = Buffer.from(tagB64, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new DecryptError("encrypted secret is malformed (bad iv or tag length)");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", k, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(dataB64, "base64")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    // GCM cannot tell a wrong key from tampering; both mean "do not trust this value".
    throw new DecryptError(
      "cannot decrypt secret: wrong KALPANA_ENCRYPTION_KEY or the value was tampered with",
    );
  }
}
