// Settings: the person's own model-provider key (stored encrypted, shown only as ••••last4).
import { z } from "zod";

/** PUT /api/settings/provider-key: a new key, a default model, or both. */
export const providerKeyInput = z.object({
  apiKey: z
    .string()
    .trim()
    .min(8, "API key looks too short")
    .max(512)
    .regex(/^[\x21-\x7e]+$/, "API key may not contain spaces or control characters")
    .optional(),
  defaultModel: z.string().trim().min(1).max(200).nullable().optional(),
});
export type ProviderKeyInput = z.infer<typeof providerKeyInput>;

/** POST /api/settings/provider-key/test: the key typed into the form (not saved yet), or none for the stored one. */
export const keyTestInput = z.object({ apiKey: z.string().trim().min(1).max(512).optional() });

export const storedKeySchema = z
  .object({
    provider: z.string(),
    last4: z.string(),
    defaultModel: z.string().nullable(),
    updatedAt: z.string(),
  })
  .nullable();
export type StoredKey = z.infer<typeof storedKeySchema>;

export const keyTestResultSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), message: z.string() }),
  z.object({ ok: z.literal(false), status: z.number(), message: z.string() }),
]);
export type KeyTestResult = z.infer<typeof keyTestResultSchema>;
