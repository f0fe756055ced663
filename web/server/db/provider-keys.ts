// A user's own model-provider API key: stored encrypted, only its last 4 characters ever leave the server.
import { audit } from "../audit/audit";
import { decryptSecret, encryptSecret } from "../crypto";
import { db } from "./client";

export type ProviderKeyView = {
  provider: string;
  last4: string;
  defaultModel: string | null;
  updatedAt: Date;
};

type Row = { provider: string; last4: string; defaultModel: string | null; updatedAt: Date };
const toView = (row: Row): ProviderKeyView => ({
  provider: row.provider,
  last4: row.last4,
  defaultModel: row.defaultModel,
  updatedAt: row.updatedAt,
});

export async function getProviderKey(
  userId: string,
  provider = "openrouter",
): Promise<ProviderKeyView | null> {
  const row = await db().providerKey.findUnique({ where: { userId_provider: { userId, provider } } });
  return row && toView(row);
}

export async function setProviderKey(
  userId: string,
  input: { apiKey?: string; defaultModel?: string | null },
  provider = "openrouter",
): Promise<ProviderKeyView | null> {
  const existing = await db().providerKey.findUnique({ where: { userId_provider: { userId, provider } } });
  if (!existing && !input.apiKey) return null;
  const keyFields = input.apiKey
    ? { encryptedKey: encryptSecret(input.apiKey), last4: input.apiKey.slice(-4) }
    : {};
  const model = input.defaultModel === undefined ? {} : { defaultModel: input.defaultModel };
  const row = await db().providerKey.upsert({
    where: { userId_provider: { userId, provider } },
    create: { userId, provider, encryptedKey: "", last4: "", ...keyFields, ...model },
    update: { ...keyFields, ...model },
  });
  // Only the last four characters go in the trail, as everywhere else.
  if (input.apiKey) {
    await audit({
      userId,
      action: "settings.key-set",
      summary: `${provider} key …${input.apiKey.slice(-4)}`,
    });
  }
  if (input.defaultModel !== undefined) {
    await audit({ userId, action: "settings.model-set", summary: input.defaultModel ?? "(none)" });
  }
  return toView(row);
}

export async function deleteProviderKey(userId: string, provider = "openrouter"): Promise<void> {
  const { count } = await db().providerKey.deleteMany({ where: { userId, provider } });
  if (count) await audit({ userId, action: "settings.key-delete", summary: `${provider} key` });
}

/** The decrypted key, for the one model call that needs it. Never log or return it. */
export async function revealProviderKey(userId: string, provider = "openrouter"): Promise<string | null> {
  const row = await db().providerKey.findUnique({ where: { userId_provider: { userId, provider } } });
  return row?.encryptedKey ? decryptSecret(row.encryptedKey) : null;
}
