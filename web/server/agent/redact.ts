// Audit summaries: what a tool was asked to do, without secrets and without whole files. The same
// masking applies to what the chat history keeps of tool outputs (redactStoredMessage).
import { redactUrlCredentials } from "@kalpana/bridge/protocol";
import type { AgentUIMessage } from "../../contract/agent";

const SECRET_KEY = /token|secret|password|passwd|api[-_]?key|authorization|credential/i;
// Common credential shapes: GitHub, OpenRouter/OpenAI, Slack, AWS, GitLab, npm, bearer headers,
// PEM private keys, URL userinfo.
const SECRET_VALUE =
  /(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|sk-[A-Za-z0-9_-]{16,}|xox[abp]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|glpat-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36}|Bearer\s+[A-Za-z0-9._~+/=-]{12,})/g;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g;

export function scrubText(text: string): string {
  const masked = text.replace(PRIVATE_KEY, "[redacted private key]").replace(SECRET_VALUE, "[redacted]");
  return redactUrlCredentials(masked, "[redacted]");
}

/** `fn` applied to every string inside `value`, the shape kept (tool outputs are objects of strings). */
function mapStrings<T>(value: T, fn: (s: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return fn(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** Every string inside `value` scrubbed (scrubText). */
export function scrubDeep<T>(value: T): T {
  return mapStrings(value, scrubText);
}

/** Shorter values are not masked: they would blank out ordinary words of the output. */
const MIN_MASKED = 6;

/**
 * Every string inside `value` with the person's own secret values (Settings → Variables and secrets)
 * replaced by "[secret]": a command that prints one must not hand it to the model or the history.
 */
export function maskValues<T>(value: T, secrets: readonly string[]): T {
  const list = secrets.filter((s) => s.length >= MIN_MASKED).sort((a, b) => b.length - a.length);
  if (list.length === 0) return value;
  return mapStrings(value, (text) => list.reduce((t, s) => t.split(s).join("[secret]"), text));
}

type StoredPart = {
  type: string;
  state?: string;
  input?: unknown;
  output?: unknown;
  errorText?: unknown;
  text?: unknown;
};
const FINISHED = new Set(["output-available", "output-error", "output-denied"]);

/**
 * What the chat history keeps: tool outputs and errors (command output, file contents), the inputs
 * of finished calls and the assistant's own text with credentials masked. A call that still waits
 * for approval keeps its input verbatim: the server runs the stored input once it is approved.
 */
export function redactStoredMessage(m: AgentUIMessage): AgentUIMessage {
  const parts = (m.parts as StoredPart[]).map((p) => {
    const isTool = p.type.startsWith("tool-") || p.type === "dynamic-tool";
    if (isTool) {
      const out: StoredPart = { ...p };
      if (p.input !== undefined && FINISHED.has(p.state ?? "")) out.input = scrubDeep(p.input);
      if (p.output !== undefined) out.output = scrubDeep(p.output);
      if (typeof p.errorText === "string") out.errorText = scrubText(p.errorText);
      return out;
    }
    if (
      m.role === "assistant" &&
      (p.type === "text" || p.type === "reasoning") &&
      typeof p.text === "string"
    ) {
      return { ...p, text: scrubText(p.text) };
    }
    return p;
  });
  return { ...m, parts: parts as AgentUIMessage["parts"] };
}

const MAX_FIELD = 160;
const MAX_SUMMARY = 500;

function scrub(value: unknown, key = ""): unknown {
  if (SECRET_KEY.test(key)) return "[redacted]";
  if (typeof value === "string") {
    const clean = scrubText(value);
    return clean.length > MAX_FIELD ? `${clean.slice(0, MAX_FIELD)}… (${clean.length} chars)` : clean;
  }
  if (Array.isArray(value)) return value.slice(0, 10).map((v) => scrub(v));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k)]));
  }
  return value;
}

/** A short, secret-free JSON rendering of tool arguments. */
export function summarizeArgs(args: unknown): string {
  const text = JSON.stringify(scrub(args)) ?? "";
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY)}…` : text;
}
