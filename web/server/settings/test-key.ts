// "Test" on the settings page: does OpenRouter accept this key? GET <base>/key is OpenRouter's key
// info endpoint (401 for a bad key). OpenAI-compatible servers without it get an authenticated
// GET /models instead. The key goes only into the Authorization header; nothing here logs it.
import type { KeyTestResult } from "../../contract/settings";

type KeyInfo = { data?: { label?: unknown; limit?: unknown; usage?: unknown } };

export async function testProviderKey(
  apiKey: string,
  baseUrl: string,
  fetchImpl = fetch,
): Promise<KeyTestResult> {
  const base = baseUrl.replace(/\/$/, "");
  const get = (p: string) =>
    fetchImpl(`${base}${p}`, {
      headers: { authorization: `Bearer ${apiKey}` },
      signal: AbortSignal.timeout(8000),
    });
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
