/** Read once: checking process.env on every op costs more than the op's own bookkeeping. */
export const DEBUG = Boolean(process.env.KALPANA_BRIDGE_DEBUG);

/**
 * One JSON object per line on stderr (docker logs). Callers pass only safe fields: the
 * secret, tokens and file contents are never handed to the logger.
 */
export function log(
  level: "debug" | "info" | "warn" | "error",
  msg: string,
  fields: Record<string, unknown> = {},
): void {
  if (level === "debug" && !DEBUG) return;
  process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields })}\n`);
}
