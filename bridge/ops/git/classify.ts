import { redactUrlCredentials } from "../../protocol/redact-url";
import { BridgeError, errnoOf, isBridgeError } from "../errors";

const AUTH_PATTERNS = [
  /authentication failed/i,
  /could not read (username|password)/i,
  /terminal prompts disabled/i,
  /invalid (username or password|credentials)/i,
  /permission denied \(publickey/i,
  /HTTP Basic: Access denied/i,
  /requested URL returned error: 40[13]/i,
  /403 Forbidden|401 Unauthorized/i,
];

/** Never let a token or a URL's user:password reach a log line or an error message. */
export function redact(text: string, secrets: (string | undefined)[] = []): string {
  let out = redactUrlCredentials(text);
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("***");
  return out;
}

/** Map a failed git call to a code; the message keeps git's own last lines (redacted). */
export function classifyGitError(
  e: unknown,
  output: string,
  secrets: (string | undefined)[] = [],
): BridgeError {
  if (isBridgeError(e)) return e;
  if (errnoOf(e) === "ENOENT") return new BridgeError("EINTERNAL", "git is not installed in this workspace");
  const text = redact(output, secrets);
  const tail = text.trim().split("\n").slice(-6).join("\n") || "git failed";
  if (AUTH_PATTERNS.some((re) => re.test(text))) {
    return new BridgeError(
      "EAUTH",
      `git authentication failed: check the token and its access to this repository\n${tail}`,
    );
  }
  if (/not a git repository/i.test(text))
    return new BridgeError("EGIT", "not a git repository (run git:clone or git init)");
  if (/already exists/i.test(text)) return new BridgeError("EEXIST", tail);
  if (/index\.lock|another git process/i.test(text)) return new BridgeError("EBUSY", tail);
  return new BridgeError("EGIT", tail);
}
