// The one way to call our JSON API from the browser. Errors arrive as `{ error: { code, message,
// details? } }` (contract/errors.ts) and become an ApiError whose message is safe to show to the
// person (the server wrote it for them) and whose `fields` say which form field a refusal concerns.
import { apiErrorBodySchema, fieldErrors } from "../contract/errors";
import { capitalise } from "./capitalise";

export class ApiError extends Error {
  /** The first message per refused field, from the error's structured details, ready to show. */
  readonly fields: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.fields = Object.fromEntries(
      Object.entries(fieldErrors(details)).map(([field, m]) => [field, capitalise(m)]),
    );
  }
}

/** The ApiError a failed response's body describes (a proxy or crash page gets a generic message). */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const parsed = apiErrorBodySchema.safeParse(body);
  if (!parsed.success) return new ApiError(status, "http_error", `Request failed (${status})`);
  const { code, message, details } = parsed.data.error;
  return new ApiError(status, code, message, details);
}

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(path, {
      ...rest,
      headers: json === undefined ? headers : { "content-type": "application/json", ...headers },
      body: json === undefined ? rest.body : JSON.stringify(json),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "Cannot reach the Kalpana server. Check your connection and try again.");
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // A proxy or crash page instead of JSON: apiErrorFrom falls back to a generic message.
  }
  if (!res.ok) throw apiErrorFrom(res.status, body);
  return body as T;
}
