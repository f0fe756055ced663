import type { ErrorCode } from "./common";

/**
 * The one failure type of both sides of the bridge: an op throws it, the server sends its code and
 * message (`{ ok: false, error: { code, message } }`), and the client rejects with it again.
 * `message` is safe to show to the user or the model.
 */
export class BridgeError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "BridgeError";
    this.code = code;
  }
}

export function isBridgeError(e: unknown): e is BridgeError {
  return e instanceof BridgeError;
}
