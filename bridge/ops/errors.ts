import type { ErrorCode } from "../protocol/index";

/** A failure with a stable code and a message that is safe to show to the user or the model. */
export class OpError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "OpError";
    this.code = code;
  }
}

export function isOpError(e: unknown): e is OpError {
  return e instanceof OpError;
}

/** The errno code of a Node system error, if any. */
export function errnoOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
