// The workspace origins' own cookie. Host-only and, wherever the browser allows it, __Host- (Secure,
// Path=/, no Domain): a page on a sibling origin (another preview, say) cannot set or shadow it.
import type { IncomingMessage } from "node:http";
import type { Origins } from "../origins";

export const accessCookieName = (o: Origins) => (o.secureCookies ? "__Host-kalpana-ws" : "kalpana-ws");

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(/;\s*/)) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return undefined;
}

export function accessCookie(o: Origins, token: string, maxAgeSec: number): string {
  const secure = o.secureCookies ? "; Secure" : "";
  return `${accessCookieName(o)}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSec}${secure}`;
}
