// Typed application errors and their HTTP statuses. "Not yours" answers exactly like "not found".
import { fieldIssues } from "../contract/errors";

export const errorStatus = {
  invalid_argument: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  quota_exceeded: 429,
  internal: 500,
  unavailable: 503,
  timeout: 504,
} as const;

export type ErrorCode = keyof typeof errorStatus;

// One web process holds two copies of this module (Next's route bundle and the custom server's, see
// process-state.ts): an AppError thrown by the other copy's code must still answer with its status,
// not a 500. As BridgeError does (bridge/protocol/bridge-error.ts), `instanceof` checks a brand.
const BRAND: unique symbol = Symbol.for("kalpana.app-error");

export class AppError extends Error {
  readonly [BRAND] = true;

  /** True for an AppError of any copy of this module in the process. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toResponse(): Response {
    const body: Record<string, unknown> = { error: { code: this.code, message: this.message } };
    if (this.details !== undefined) (body.error as Record<string, unknown>).details = this.details;
    return Response.json(body, { status: this.status });
  }
}

export const notFound = (what = "Not found") => new AppError("not_found", what);
export const unauthenticated = () => new AppError("unauthenticated", "Sign in to continue");

/**
 * A refused input field: the message names it for API callers that read text, the details name it
 * for forms (the shape zod issues have, see contract/errors.ts). `code` is "conflict" for a taken name.
 */
export const fieldError = (field: string, message: string, code: ErrorCode = "invalid_argument") =>
  new AppError(code, `${field}: ${message}`, fieldIssues(field, message));
