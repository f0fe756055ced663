// Typed application errors and their HTTP statuses. "Not yours" answers exactly like "not found".
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
