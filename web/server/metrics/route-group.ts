// The route label of the HTTP histogram: a small fixed set, never raw paths (ids and attacker-chosen
// URLs would make one time series per request).
import type { HostKind } from "../origins";

type Kind = HostKind["kind"];

const API_GROUPS = new Set([
  "auth",
  "github",
  "healthz",
  "me",
  "models",
  "settings",
  "templates",
  "workspaces",
]);

export function routeGroup(host: Kind, url: string): string {
  if (host !== "app") return host;
  const path = url.split("?")[0] ?? "/";
  if (path === "/metrics") return "metrics";
  if (path.startsWith("/_next/")) return "static";
  if (path.startsWith("/socket.io/")) return "socket.io";
  if (path.startsWith("/w/")) return "open";
  const api = /^\/api\/([^/]+)/.exec(path);
  if (api) return API_GROUPS.has(api[1]!) ? `api/${api[1]}` : "api/other";
  return "page";
}
