// Ops fail with the bridge's one error type (protocol/bridge-error.ts); the server sends its code.
export { BridgeError, isBridgeError } from "../protocol/bridge-error";

/** The errno code of a Node system error, if any. */
export function errnoOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
