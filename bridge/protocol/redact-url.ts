// The one URL-credential redactor, for the bridge (git output), the web server (logs, stored tool
// output, push targets) and scripts (database URLs): `scheme://user:password@` or `scheme://token@`
// anywhere in a text. A token given as the user name (GitHub's x-access-token style) counts too.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi;

/** `text` with every URL's userinfo replaced by `mask`; an empty mask drops it with its "@". */
export function redactUrlCredentials(text: string, mask = "***"): string {
  return text.replace(URL_USERINFO, (_, scheme: string) => (mask ? `${scheme}${mask}@` : scheme));
}
