import type { ErrorCode } from "../protocol/index";

/** Every failed call rejects with this; `code` is one of the protocol's stable codes. */
export class BridgeError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "BridgeError";
    this.code = code;
  }
}
