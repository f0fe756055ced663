// Lists of IP addresses and CIDR ranges ("10.0.0.0/8, ::1"), as in KALPANA_TRUSTED_PROXIES.
// node:net's BlockList does the matching, IPv4-mapped IPv6 ("::ffff:10.0.0.1") included.
import { BlockList, isIP } from "node:net";

const entries = (raw: string) =>
  raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function parseEntry(entry: string): { address: string; prefix?: number; family: "ipv4" | "ipv6" } | null {
  const [address = "", prefixText, ...rest] = entry.split("/");
  const v = isIP(address);
  if (!v || rest.length) return null;
  const family = v === 4 ? "ipv4" : "ipv6";
  if (prefixText === undefined) return { address, family };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= (v === 4 ? 32 : 128) ? { address, prefix, family } : null;
}

/** True when every comma-separated entry is an IP address or a CIDR range. */
export function isIpList(raw: string): boolean {
  return entries(raw).every((e) => parseEntry(e) !== null);
}

/** Plain IPv4 for an IPv4-mapped IPv6 address, so one list entry matches both spellings. */
export function normalizeIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped?.[1] ?? ip;
}

export type IpList = { has(ip: string): boolean; empty: boolean };

export function parseIpList(raw: string): IpList {
  const list = new BlockList();
  const parsed = entries(raw).map((e) => {
    const p = parseEntry(e);
    if (!p) throw new Error(`not an IP address or CIDR range: ${e}`);
    return p;
  });
  for (const p of parsed) {
    if (p.prefix === undefined) list.addAddress(p.address, p.family);
    else list.addSubnet(p.address, p.prefix, p.family);
  }
  return {
    empty: parsed.length === 0,
    has: (ip) => {
      const n = normalizeIp(ip);
      const v = isIP(n);
      return v !== 0 && list.check(n, v === 4 ? "ipv4" : "ipv6");
    },
  };
}
