import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import type { Creds } from "./args";
import { remoteUrl } from "./remote-url";

/**
 * With credentials, git talks to ONE explicit URL, and the askpass answers only for that URL's
 * origin: the caller's `url`, or else the remote's resolved URL. Without credentials the remote
 * name is used as usual. Credentials go over http(s) only, and never inside the URL itself.
 */
export async function credentialTarget(
  ctx: OpContext,
  cwd: string,
  p: { remote: string; url?: string; credentials?: Creds },
  push: boolean,
): Promise<{ target: string; url: string; creds?: Creds }> {
  // The URL is always resolved: packProgram (args.ts) needs to know whether it is local.
  const url = p.url ?? (await remoteUrl(ctx, cwd, p.remote, push));
  if (!p.credentials) return { target: p.url ?? p.remote, url };
  return { target: url, url, creds: { ...p.credentials, origin: originOf(url) } };
}

export function originOf(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BridgeError("EINVAL", "credentials are only sent to an http(s) URL");
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    throw new BridgeError("EINVAL", `credentials are only sent over http(s), not ${u.protocol}`);
  }
  if (u.username || u.password) throw new BridgeError("EINVAL", "the URL must not carry credentials itself");
  return `${u.protocol}//${u.host}`;
}
