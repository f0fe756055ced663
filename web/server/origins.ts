// Where each kind of content is served. The app has its own origin; each workspace's IDE and each of
// its port previews get origins of their own, so code from a workspace never runs with the app's
// session. IDE origins must be SAME-SITE with the app (Chromium gives a cross-site iframe no cookies
// and no storage, so VS Code could not run); previews open in their own tab and may be cross-site.
import { getDomain, parse } from "tldts";

export type Origins = {
  /** e.g. http://kalpana.localhost:3000 */
  app: string;
  appHost: string;
  /** null only in the opt-in path mode (IDE under /w/<id>/ide on the app's origin). */
  workspaceDomain: string | null;
  previewDomain: string | null;
  /** ":3000" or "": every origin shares the public URL's scheme and port. */
  scheme: "http" | "https";
  portSuffix: string;
  sameOriginIde: boolean;
  /** Secure (and __Host-) cookies: https, or *.localhost where browsers allow them over http. */
  secureCookies: boolean;
};

export class OriginsError extends Error {}

const isLocalhost = (host: string) => host === "localhost" || host.endsWith(".localhost");
const siteOf = (host: string) => getDomain(host, { allowPrivateDomains: true }) ?? host;
const DOMAIN = /^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function resolveOrigins(opts: {
  publicUrl: string;
  workspaceDomain?: string;
  previewDomain?: string;
  sameOriginIde: boolean;
}): Origins {
  const u = new URL(opts.publicUrl);
  const scheme = u.protocol === "https:" ? "https" : "http";
  const appHost = u.hostname.toLowerCase();
  const base = {
    app: u.origin,
    appHost,
    scheme,
    portSuffix: u.port ? `:${u.port}` : "",
    secureCookies: scheme === "https" || isLocalhost(appHost),
  } as const;
  if (opts.sameOriginIde) {
    return { ...base, workspaceDomain: null, previewDomain: null, sameOriginIde: true };
  }
  if (parse(appHost).isIp && !opts.workspaceDomain) {
    throw new OriginsError(
      `KALPANA_PUBLIC_URL (${opts.publicUrl}) is an IP address, which cannot carry a subdomain per workspace.\n` +
        "  Choose one:\n" +
        "  - a DNS name with a wildcard record: KALPANA_PUBLIC_URL=https://kalpana.example.com and\n" +
        "    *.kalpana.example.com pointing at this server (see docs/SECURITY.md, 'Workspace origins');\n" +
        "  - on this machine only: http://kalpana.localhost:<port> (browsers resolve *.localhost themselves);\n" +
        "  - KALPANA_UNSAFE_SAME_ORIGIN_IDE=1 for a trusted single-user install: the IDE and previews then\n" +
        "    run on the app's own origin, with the whole session of whoever opens them.",
    );
  }
  const workspaceDomain = (opts.workspaceDomain ?? appHost).toLowerCase().replace(/^\*\./, "");
  const previewDomain = (opts.previewDomain ?? workspaceDomain).toLowerCase().replace(/^\*\./, "");
  for (const [name, d] of [
    ["KALPANA_WORKSPACE_DOMAIN", workspaceDomain],
    ["KALPANA_PREVIEW_DOMAIN", previewDomain],
  ] as const) {
    if (!DOMAIN.test(d) || parse(d).isIp) throw new OriginsError(`${name}: "${d}" is not a DNS name`);
  }
  if (siteOf(`x.${workspaceDomain}`) !== siteOf(appHost)) {
    throw new OriginsError(
      `KALPANA_WORKSPACE_DOMAIN: ${workspaceDomain} is not on the same site as the app (${appHost}), so VS Code ` +
        "could not keep cookies or storage in its frame. Use the app's host or a parent domain of it " +
        `(e.g. KALPANA_PUBLIC_URL=http://kalpana.localhost${base.portSuffix} with workspaces under *.kalpana.localhost).`,
    );
  }
  return { ...base, workspaceDomain, previewDomain, sameOriginIde: false };
}

/** Workspace ids are cuids: lowercase letters and digits, a valid DNS label. */
const ID = /^[a-z0-9]{1,40}$/;

export const ideHost = (o: Origins, id: string) => `${id}.${o.workspaceDomain}`;
export const previewHost = (o: Origins, id: string, port: number) => `${port}--${id}.${o.previewDomain}`;
export const ideOrigin = (o: Origins, id: string) => `${o.scheme}://${ideHost(o, id)}${o.portSuffix}`;
export const previewOrigin = (o: Origins, id: string, port: number) =>
  `${o.scheme}://${previewHost(o, id, port)}${o.portSuffix}`;

export type HostKind =
  | { kind: "app" }
  | { kind: "ide"; id: string }
  | { kind: "preview"; id: string; port: number }
  /** localhost / 127.0.0.1 and the like: redirected to the app's URL. */
  | { kind: "loopback" }
  | { kind: "unknown" };

/** What a request's Host header names. Anything not ours is "unknown" (also stops DNS rebinding). */
export function classifyHost(o: Origins, hostHeader: string | undefined): HostKind {
  const raw = (hostHeader ?? "").toLowerCase();
  const host = raw.startsWith("[") ? raw.slice(0, raw.indexOf("]") + 1) : raw.replace(/:\d+$/, "");
  if (host === o.appHost) return { kind: "app" };
  if (o.previewDomain && host.endsWith(`.${o.previewDomain}`)) {
    const m = /^(\d{1,5})--([a-z0-9]+)$/.exec(host.slice(0, -o.previewDomain.length - 1));
    const port = Number(m?.[1]);
    if (m && ID.test(m[2] ?? "") && port >= 1 && port <= 65535) return { kind: "preview", id: m[2]!, port };
  }
  if (o.workspaceDomain && host.endsWith(`.${o.workspaceDomain}`)) {
    const label = host.slice(0, -o.workspaceDomain.length - 1);
    if (ID.test(label)) return { kind: "ide", id: label };
  }
  if (host === "localhost" || host === "127.0.0.1" || host === "[::1]") return { kind: "loopback" };
  return { kind: "unknown" };
}
