// The one logger: JSON lines on stdout (level, time, msg, and requestId/userId/workspaceId from the
// log context), human-readable only with KALPANA_LOG_PRETTY=1. Secrets never reach a line: known
// field names are censored by pino's redact list, and every finished line goes through the agent's
// credential scrubber (tokens, keys, URL userinfo in messages, errors and stacks alike).
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { scrubText } from "../agent/redact";
import { peekProcessSlot, processSlot } from "../process-state";
import { logContext } from "./context";

const SECRET_FIELDS = [
  "password",
  "newPassword",
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "secret",
  "bridgeSecret",
  "clientSecret",
  "apiKey",
  "key",
  "cookie",
  "authorization",
  "encryptedKey",
];

/** Redact paths: each secret field at the top, one and two levels down, and in header objects. */
export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  ...SECRET_FIELDS.map((f) => `*.*.${f}`),
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
  'headers["x-kalpana-secret"]',
  '*.headers["x-kalpana-secret"]',
];

// In-process tests read what the domain code logs: they fill this slot before the first import.
const captured = () => peekProcessSlot<pino.DestinationStream>("log-destination");

// Scrubbed string by string: a pattern can then never span two JSON values and break the line.
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;
export const scrubLine = (line: string) => line.replace(JSON_STRING, (t) => `"${scrubText(t.slice(1, -1))}"`);

const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** `dest` lets a test read the lines; the server writes to stdout. */
export function createLogger(
  env: Record<string, string | undefined> = process.env,
  dest?: pino.DestinationStream,
): Logger {
  const level = LEVELS.includes(env.KALPANA_LOG_LEVEL ?? "") ? env.KALPANA_LOG_LEVEL : "info";
  const options: pino.LoggerOptions = {
    level,
    base: undefined, // no pid/hostname on every line: the orchestrator knows them
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    messageKey: "msg",
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    mixin: () => ({ ...logContext() }),
  };
  const pretty_ = ["1", "true", "yes", "on"].includes(env.KALPANA_LOG_PRETTY ?? "");
  // Synchronous writes: a line logged just before process.exit() is not lost.
  const out =
    dest ??
    captured() ??
    (pretty_
      ? pretty({ sync: true, translateTime: "SYS:HH:MM:ss.l" })
      : pino.destination({ dest: 1, sync: true }));
  return pino(options, { write: (line: string) => out.write(scrubLine(line)) });
}

/** The process-wide logger (shared by the custom server and Next's route bundles). */
export const log: Logger = processSlot("logger", () => createLogger());

/** A logger whose lines name their subsystem ("workspaces", "proxy", ...). */
export function logger(component: string): Logger {
  return log.child({ component });
}
