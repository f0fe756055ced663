// The credential helper of the workspace image (/etc/gitconfig: credential.helper =
// kalpana-git-credential, which runs `node /opt/kalpana/bridge.mjs git-credential <action>`).
// For `get` it forwards the scheme, host and path git asks about to the bridge's relay socket
// (server/git-credential-relay.ts) and prints the answer in git's key=value format; the token
// lives only in this process and git's for one operation, never in a file, env or argv. Every
// failure prints nothing, so git goes on to its next helper or prompt; `store` and `erase` do
// nothing (there is nothing here to store or forget).
import { readFile } from "node:fs/promises";
import { request } from "node:http";
import path from "node:path";
import {
  CREDENTIAL_KEY,
  CREDENTIAL_KEY_HEADER,
  CREDENTIAL_SOCKET,
  GitCredentialAnswer,
  GitCredentialAsk,
} from "../../protocol/index";

export const DEFAULT_CREDENTIAL_DIR = "/tmp/kalpana-git";

/** git's request: `key=value` lines up to a blank line (wwwauth[] and friends are ignored). */
export function parseCredentialInput(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") break;
    const eq = line.indexOf("=");
    if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return fields;
}

/** The ask for the bridge, or null when git asks about something we never answer (ssh, file). */
export function askOf(fields: Map<string, string>): GitCredentialAsk | null {
  const ask = GitCredentialAsk.safeParse({
    protocol: fields.get("protocol"),
    host: fields.get("host"),
    ...(fields.has("path") ? { path: fields.get("path") } : {}),
  });
  return ask.success ? ask.data : null;
}

function post(dir: string, key: string, ask: GitCredentialAsk): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: path.join(dir, CREDENTIAL_SOCKET),
        method: "POST",
        path: "/get",
        headers: { "content-type": "application/json", [CREDENTIAL_KEY_HEADER]: key },
        timeout: 20_000,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          body += c;
        });
        res.on("end", () => {
          try {
            resolve(res.statusCode === 200 ? JSON.parse(body) : null);
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(JSON.stringify(ask));
  });
}

/** Runs one helper call; returns what to print on stdout ("" = nothing). */
export async function credentialHelper(
  action: string | undefined,
  input: string,
  dir: string,
): Promise<string> {
  if (action !== "get") return "";
  const ask = askOf(parseCredentialInput(input));
  if (!ask) return "";
  try {
    const key = (await readFile(path.join(dir, CREDENTIAL_KEY), "utf8")).trim();
    const answer = GitCredentialAnswer.safeParse(await post(dir, key, ask));
    if (!answer.success || !answer.data) return "";
    return `username=${answer.data.username}\npassword=${answer.data.password}\n`;
  } catch {
    return ""; // no bridge, no key, no answer: git prompts or fails as without a helper
  }
}

/** Entry point: `bridge.mjs git-credential <action>` (see server/main.ts). */
export async function runCredentialHelper(action: string | undefined): Promise<void> {
  let input = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) {
    input += chunk;
    if (input.length > 64 * 1024) break;
  }
  const out = await credentialHelper(
    action,
    input,
    process.env.KALPANA_GIT_CREDENTIAL_DIR || DEFAULT_CREDENTIAL_DIR,
  );
  if (out) process.stdout.write(out);
}
