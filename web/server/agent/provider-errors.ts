// What the person reads when the model provider fails. Each message says what happened and what to
// do; the provider's own error text is logged, never shown (it can echo request details).
import { APICallError, RetryError } from "ai";

export function providerErrorMessage(e: unknown): string {
  const err = RetryError.isInstance(e) ? e.lastError : e;
  if (APICallError.isInstance(err)) {
    const s = err.statusCode ?? 0;
    if (s === 401 || s === 403)
      return "OpenRouter rejected the API key (401). Check the key in Settings → Model provider, then retry.";
    if (s === 402)
      return "Your OpenRouter account is out of credits (402). Add credits on openrouter.ai, then retry.";
    if (s === 429) return "OpenRouter is rate-limiting requests (429). Wait a moment, then retry.";
    if (s === 400 || s === 404)
      return `OpenRouter refused the request (${s}): the model may be unavailable. Pick another model or retry.`;
    if (s >= 500) return `OpenRouter had a problem (${s}). Retry in a moment.`;
    if (!s) return "OpenRouter could not be reached. Check the server's network, then retry.";
    return `OpenRouter answered ${s}. Retry in a moment.`;
  }
  const name = err instanceof Error ? err.name : "";
  if (/JSONParse|InvalidResponseData|TypeValidation|EmptyResponseBody|NoContentGenerated/.test(name)) {
    return "The model's answer was cut off or malformed. Retry.";
  }
  if (name === "AbortError") return "Stopped.";
  return "The answer failed unexpectedly. Retry.";
}
