// What a secret scan of a log needs: the secrets a run created that only the container knows, and
// one assertion that looks for each of them in every form a logger might have written it in.
import assert from "node:assert/strict";
import { WORKSPACE_UID } from "../server/runtime/docker/names";
import { dockerCli } from "./docker.fixture";

/** The workspace's bridge secret, read as the workspace user (the file is 0400, theirs). */
export function bridgeSecretOf(workspaceId: string): string {
  const secret = dockerCli(
    "exec",
    "-u",
    String(WORKSPACE_UID),
    `kalpana-ws-${workspaceId}`,
    "cat",
    "/etc/kalpana/bridge.secret",
  ).trim();
  assert.ok(secret.length >= 32, "the bridge secret was read");
  return secret;
}

/** The better-auth session token in a Cookie header, as sent (URL-encoded) and decoded. */
export function sessionTokensOf(cookie: string): { sessionToken: string; sessionTokenRaw: string } {
  const raw = /session_token=([^;]+)/.exec(cookie)?.[1] ?? "";
  return { sessionToken: decodeURIComponent(raw), sessionTokenRaw: raw };
}

/** Fails naming the secret if any appears in `text` raw, URL-encoded or base64-encoded. */
export function assertNoSecrets(
  text: string,
  secrets: Record<string, string>,
  where = "the server log",
): void {
  for (const [name, value] of Object.entries(secrets)) {
    assert.ok(value.length >= 16, `${name} is known`);
    for (const form of [value, encodeURIComponent(value), Buffer.from(value).toString("base64")]) {
      assert.ok(!text.includes(form), `${name} appears in ${where}`);
    }
  }
}
