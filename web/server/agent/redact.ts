// Audit summaries: what a tool was asked to do, without secrets and without whole files.
const SECRET_KEY = /token|secret|password|passwd|api[-_]?key|authorization|credential/i;
// Common credential shapes: GitHub, OpenRouter/OpenAI, Slack, AWS, bearer headers, URL userinfo.
const SECRET_VALUE =
  /(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|sk-[A-Za-z0-9_-]{16,}|xox[abp]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|Bearer\s+[A-Za-z0-9._~+/=-]{12,})/g;
const URL_USERINFO = /(\/\/)[^/\s:@]+:[^/\s@]+@/g;

export function scrubText(text: string): string {
  return text.replace(SECRET_VALUE, "[redacted]").replace(URL_USERINFO, "$1[redacted]@");
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
