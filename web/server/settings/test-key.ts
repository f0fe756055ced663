// "Test" on the settings page: does OpenRouter accept this key? GET <base>/key is OpenRouter's key
// info endpoint (401 for a bad key). OpenAI-compatible servers without it get an authenticated
// GET /models instead (both through agent/provider.ts, the one OpenRouter client); nothing here logs the key.
import type { KeyTestResult } from "../../contract/settings";
import { openRouterGet } from "../agent/provider";

type KeyInfo = { data?: { label?: unknown; limit?: unknown; usage?: unknown } };

export async function testProviderKey(
  apiKey: string,
  baseUrl: string,
  fetchImpl = fetch,
): Promise<KeyTestResult> {
  const get = (p: string) => openRouterGet(baseUrl, p, { apiKey, timeoutMs: 8000, fetchImpl });
  let res: Response;
  try {
    res = await get("/key");
    if (res.status === 404) res = await get("/models");
  } catch {
    return {
      ok: false,
      status: 0,
      message: "OpenRouter could not be reached from the server. Check its network.",
    };
  }
  if (res.status === 401 || res.status === 403)
    return {
      ok: false,
      status: res.status,
      message: `OpenRouter rejected this key (${res.status}). Check it and paste it again.`,
    };
  if (res.status === 402)
    return { ok: false, status: 402, message: "The key works but the account is out of credits (402)." };
  if (!res.ok)
    return {
      ok: false,
      status: res.status,
      message: `OpenRouter answered ${res.status}. Try again in a moment.`,
    };
  const info = (await res.json().catch(() => ({}))) as KeyInfo;
  const usage = typeof info.data?.usage === "number" ? ` · used $${info.data.usage.toFixed(2)}` : "";
  const limit = typeof info.data?.limit === "number" ? ` of $${info.data.limit.toFixed(2)}` : "";
  return { ok: true, message: `OpenRouter accepted the key${usage}${limit}.` };
}
