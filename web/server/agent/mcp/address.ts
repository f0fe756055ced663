// Where a remote MCP server may be reached from the web server. The URL comes from the repository
// (.kalpana/mcp.json), i.e. from whoever controls it: without this check it could make the web
// server talk to its own network (cloud metadata, the database, the bridges, Kalpana itself).
// https only; the host is resolved and EVERY address it resolves to must be public; the caller then
// connects to exactly the address checked here (no second lookup a rebinding DNS could change).
// KALPANA_MCP_ALLOW_HTTP_LOCALHOST=1 (tests only) lets http://localhost / 127.0.0.1 through.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

export type Resolver = (host: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // RFC 1918
  ["100.64.0.0", 10], // CGNAT (RFC 6598)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // RFC 1918
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16], // RFC 1918
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b::", 96], // NAT64: embeds an IPv4 address
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4: embeds an IPv4 address
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

/** The IPv4 address inside an IPv4-mapped / -compatible IPv6 address (::ffff:10.0.0.1), if any. */
function embeddedV4(address: string): string | null {
  const m = /^::(?:ffff:(?:0:)?)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return m[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const n = (Number.parseInt(hex[1]!, 16) << 16) | Number.parseInt(hex[2]!, 16);
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
}

/** Whether a literal address is one the web server must never connect to for a repository. */
export function isRefusedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  const v4 = embeddedV4(address);
  if (v4) return blocked.check(v4, "ipv4");
  if (address.toLowerCase().startsWith("::ffff:")) return true;
  return blocked.check(address, "ipv6");
}

const isLocalhostName = (host: string) => host === "localhost" || host.endsWith(".localhost");

export type RemoteTarget = { url: URL; address: string; family: 4 | 6 };

export type AddressCheckOptions = {
  resolve?: Resolver;
  /** Hosts of Kalpana itself (the app, the workspace and preview domains and their subdomains). */
  ownHosts?: string[];
  /** KALPANA_MCP_ALLOW_HTTP_LOCALHOST: tests only. */
  allowHttpLocalhost?: boolean;
};

/** The address to connect to for `raw`, or why not (a sentence for the panel). */
export async function checkRemoteUrl(
  raw: string,
  opts: AddressCheckOptions = {},
): Promise<RemoteTarget | { refused: string }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refused: "the URL is not valid" };
  }
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const localTest =
    opts.allowHttpLocalhost === true && (isLocalhostName(host) || host === "127.0.0.1" || host === "::1");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && localTest))
    return { refused: "only https:// URLs are connected" };
  if (url.username || url.password) return { refused: "a URL with credentials in it is not connected" };
  if (localTest) {
    return { url, address: host === "::1" ? "::1" : "127.0.0.1", family: host === "::1" ? 6 : 4 };
  }
  const own = (opts.ownHosts ?? []).map((h) => h.toLowerCase()).filter(Boolean);
  if (isLocalhostName(host) || own.some((h) => host === h || host.endsWith(`.${h}`)))
    return { refused: `${host} is Kalpana's own host or a local name` };
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (opts.resolve ?? systemResolver)(host);
    } catch {
      return { refused: `${host} could not be resolved` };
    }
  }
  if (addresses.length === 0) return { refused: `${host} could not be resolved` };
  const bad = addresses.find((a) => isRefusedAddress(a.address));
  if (bad)
    return {
      refused: `${host} resolves to ${bad.address}, a private, loopback or link-local address: not connected`,
    };
  const first = addresses[0]!;
  return { url, address: first.address, family: isIP(first.address) === 6 ? 6 : 4 };
}
