import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { DecryptError, decryptSecret, encryptSecret, SecretKeyError } from "./crypto";

const key = randomBytes(32).toString("base64");

/** Flips one bit in the decoded bytes of part `index` of a "v1:iv:tag:ct" string. */
function tamper(enc: string, index: 1 | 2 | 3): string {
  const parts = enc.split(":");
  const bytes = Buffer.from(parts[index]!, "base64");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString("base64");
  return parts.join(":");
}

describe("crypto: encryptSecret / decryptSecret", () => {
  it("round-trips text, including unicode and the empty string", () => {
    for (const plain of ["ghp_abc123", "ключ 🔑", ""]) {
      assert.equal(decryptSecret(encryptSecret(plain, key), key), plain);
    }
  });

  it("produces the versioned format v1:<iv>:<tag>:<ciphertext>", () => {
    const parts = encryptSecret("x", key).split(":");
    assert.equal(parts.length, 4);
    assert.equal(parts[0], "v1");
    assert.equal(Buffer.from(parts[1]!, "base64").length, 12);
    assert.equal(Buffer.from(parts[2]!, "base64").length, 16);
  });

  it("uses a random IV: encrypting twice gives different strings", () => {
    const a = encryptSecret("same", key);
    const b = encryptSecret("same", key);
    assert.notEqual(a, b);
    assert.notEqual(a.split(":")[1], b.split(":")[1]);
  });

  for (const [index, what] of [
    [1, "iv"],
    [2, "tag"],
    [3, "ciphertext"],
  ] as const) {
    it(`rejects a tampered ${what} with a clear error`, () => {
      const enc = tamper(encryptSecret("secret value", key), index);
      assert.throws(() => decryptSecret(enc, key), DecryptError);
      assert.throws(() => decryptSecret(enc, key), /tampered/);
    });
  }

  it("rejects a wrong key", () => {
    const enc = encryptSecret("secret", key);
    assert.throws(() => decryptSecret(enc, randomBytes(32).toString("base64")), DecryptError);
  });

  it("rejects values that are not v1 secrets", () => {
    for (const bad of ["plain text", "v2:a:b:c", "v1:only:three"]) {
      assert.throws(() => decryptSecret(bad, key), DecryptError);
    }
  });

  it("reads KALPANA_ENCRYPTION_KEY when no key is passed, and explains a missing or bad one", () => {
    const saved = process.env.KALPANA_ENCRYPTION_KEY;
    try {
      process.env.KALPANA_ENCRYPTION_KEY = key;
      assert.equal(decryptSecret(encryptSecret("from env")), "from env");
      assert.equal(decryptSecret(encryptSecret("mixed"), key), "mixed");
      delete process.env.KALPANA_ENCRYPTION_KEY;
      assert.throws(() => encryptSecret("x"), SecretKeyError);
      assert.throws(() => encryptSecret("x"), /KALPANA_ENCRYPTION_KEY is not set/);
      process.env.KALPANA_ENCRYPTION_KEY = Buffer.alloc(16).toString("base64");
      assert.throws(() => encryptSecret("x"), /must be 32 bytes/);
    } finally {
      if (saved === undefined) delete process.env.KALPANA_ENCRYPTION_KEY;
      else process.env.KALPANA_ENCRYPTION_KEY = saved;
    }
  });
});
