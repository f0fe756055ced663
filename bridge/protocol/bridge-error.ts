import type { ErrorCode } from "./common";

// Next bundles route handlers apart from the custom server, so one web process holds two copies of
// this class: an error the custom server's bridge connection made failed `instanceof` in a route
// (a missing .kalpana/mcp.json was logged as a failure on every chat, a tool's ENOENT reached the
// model as "failed unexpectedly"). The brand is process-wide; `instanceof` checks it.
const BRAND: unique symbol = Symbol.for("kalpana.bridge-error");

/**
 * The one failure type of both sides of the bridge: an op throws it, the server sends its code and
 * message (`{ ok: false, error: { code, message } }`), and the client rejects with it again.
 * `message` is safe to show to the user or the model.
 */
export class BridgeError extends Error {
  readonly code: ErrorCode;
  readonly [BRAND] = true;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "BridgeError";
    this.code = code;
  }

  /** True for a BridgeError of any copy of this module in the process. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
}

export function isBridgeError(e: unknown): e is BridgeError {
  return e instanceof BridgeError;
}
