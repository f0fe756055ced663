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

export class AppError extends Error {
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
