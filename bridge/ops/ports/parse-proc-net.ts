import type { ListeningPort } from "../../protocol/index";

const LISTEN = "0A";

/** /proc/net/tcp stores each 32-bit word of an address in host (little-endian) byte order. */
function hexToAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  const v4mapped = groups.slice(0, 5).every((g) => g === "0") && groups[5] === "ffff";
  if (v4mapped) return bytes.slice(12).join(".");
  const full = groups.join(":");
  if (full === "0:0:0:0:0:0:0:0") return "::";
  if (full === "0:0:0:0:0:0:0:1") return "::1";
  return full;
}

/** LISTEN sockets of one /proc/net/tcp or tcp6 file. */
export function parseProcNet(text: string): ListeningPort[] {
  const out: ListeningPort[] = [];
  for (const line of text.split("\n").slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4 || cols[3] !== LISTEN) continue;
    const [addrHex, portHex] = (cols[1] ?? "").split(":");
    if (!addrHex || !portHex) continue;
    const port = Number.parseInt(portHex, 16);
    if (port > 0 && port < 65536) out.push({ port, address: hexToAddress(addrHex) });
  }
  return out;
}
