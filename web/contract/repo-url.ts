// Which repository URLs a workspace may clone. One check for both sides: the form runs it as the
// person types (shape only: the browser is not told the server's extra test hosts), the server runs
// it with the hosts it allows before anything is cloned. Messages are lower-case fragments the
// server prefixes with the field ("repoUrl: …") and the form capitalises.

export type RepoHosts = {
  /** The configured GitHub (or GitHub Enterprise) base URL: its host and protocol must match. */
  github: string;
  /** Further hosts allowed over http(s) (KALPANA_ALLOWED_GIT_HOSTS, tests only). */
  extraHosts?: readonly string[];
};

/** The URL is on the configured GitHub (same host and protocol) or an extra host over http(s). */
export function onAllowedHost(url: URL, hosts: RepoHosts): boolean {
  const github = new URL(hosts.github);
  const host = url.host.toLowerCase();
  if (host === github.host.toLowerCase() && url.protocol === github.protocol) return true;
  return /^https?:$/.test(url.protocol) && (hosts.extraHosts ?? []).some((h) => h.toLowerCase() === host);
}

/** Why `raw` cannot be cloned, or undefined when it can. */
export function repoUrlProblem(raw: string, hosts?: RepoHosts): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return "enter a full URL, e.g. https://github.com/owner/repo";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return "only http(s) repository URLs are supported";
  if (hosts && !onAllowedHost(url, hosts))
    return `only repositories on ${new URL(hosts.github).host} can be cloned`;
  if (url.username || url.password) return "do not put credentials in the URL";
  if (url.search || url.hash || !/^\/[^/]+\/[^/]+?\/?$/.test(url.pathname))
    return "the URL should point at owner/repository, e.g. https://github.com/owner/repo";
  return undefined;
}
