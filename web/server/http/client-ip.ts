// The address a request really came from. X-Forwarded-For is written by whoever sends the request,
// so it is believed only when the socket peer is one of KALPANA_TRUSTED_PROXIES, and then only up
// to the first hop that is not a trusted proxy (walking right to left: the rightmost entries were
// added by our own proxies, anything left of an untrusted hop is the client's invention).
// The custom server stamps the result on every request as CLIENT_IP_HEADER (overwriting whatever
// the client sent), and everything downstream (better-auth's rate limits) reads only that.
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { config } from "../config";
import { type IpList, normalizeIp, parseIpList } from "./ip-list";

export const CLIENT_IP_HEADER = "x-kalpana-client-ip";

export function clientIpFrom(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: IpList,
): string {
  let ip = normalizeIp(socketAddress ?? "");
  if (!ip || trusted.empty || !trusted.has(ip)) return ip || "unknown";
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i] as string);
    if (!isIP(hop)) break; // garbage: keep the last address we could vouch for
    ip = hop;
    if (!trusted.has(hop)) break;
  }
  return ip;
}

let cached: { raw: string; list: IpList } | undefined;
function trustedProxies(): IpList {
  const raw = config().KALPANA_TRUSTED_PROXIES;
  if (cached?.raw !== raw) cached = { raw, list: parseIpList(raw) };
  return cached.list;
}

/** Replaces any client-sent CLIENT_IP_HEADER with the address we derived. Call first thing. */
export function stampClientIp(req: IncomingMessage): void {
  req.headers[CLIENT_IP_HEADER] = clientIpFrom(
    req.socket.remoteAddress,
    req.headers["x-forwarded-for"],
    trustedProxies(),
  );
}
