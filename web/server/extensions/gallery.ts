// The extension gallery (Open VSX, or a company mirror of it): the SERVER asks it where an
// extension's .vsix is and downloads it, so workspaces need no route to the internet. The gallery
// URL is the operator's (KALPANA_EXTENSION_GALLERY), never a user's; what the gallery answers is
// not trusted: the download must be on the gallery's own origin (a compromised or confused
// gallery cannot send the server to an internal address), and size and time are capped.
import { EXTENSION_ID_PATTERN } from "../../contract/portable-config";

export const MAX_VSIX_BYTES = 100 * 1024 * 1024;
const MAX_META_BYTES = 1024 * 1024;
export const GALLERY_TIMEOUT_MS = 60_000;

/** A failure a person can read in the start log (no internals beyond the gallery's status). */
export class GalleryError extends Error {}

/** "off", https, or http on a loopback name (tests and a mirror on the same machine). */
export function galleryUrlOk(raw: string): boolean {
  if (raw === "off") return true;
  try {
    const u = new URL(raw);
    if (u.username || u.password || u.search || u.hash) return false;
    if (u.protocol === "https:") return true;
    return u.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname);
  } catch {
    return false;
  }
}

export type ExtensionRef = { namespace: string; name: string; version: string | null };

export function parseExtensionId(id: string): ExtensionRef {
  if (!EXTENSION_ID_PATTERN.test(id)) throw new GalleryError(`${JSON.stringify(id)} is not publisher.name`);
  const [full, version] = id.split("@") as [string, string | undefined];
  const dot = full.indexOf(".");
  return { namespace: full.slice(0, dot), name: full.slice(dot + 1), version: version ?? null };
}

export type Fetch = typeof fetch;
type Options = { fetch?: Fetch; maxBytes?: number; timeoutMs?: number };

/** Reads a body up to `max` bytes; more is an error (Content-Length is not trusted alone). */
async function readCapped(res: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > max) throw new GalleryError(`${what} is larger than ${max / 1024 / 1024} MiB`);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new GalleryError(`${what} is larger than ${max / 1024 / 1024} MiB`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

async function get(url: URL, opts: Options, what: string): Promise<Response> {
  const res = await (opts.fetch ?? fetch)(url, {
    redirect: "manual", // a redirect elsewhere would skip the origin check
    signal: AbortSignal.timeout(opts.timeoutMs ?? GALLERY_TIMEOUT_MS),
    headers: { accept: "application/json, application/octet-stream" },
  }).catch((err: Error) => {
    throw new GalleryError(
      `${what}: the gallery did not answer (${err.name === "TimeoutError" ? "timeout" : "unreachable"})`,
    );
  });
  if (res.status === 404) throw new GalleryError(`${what}: not found in the gallery`);
  if (!res.ok) throw new GalleryError(`${what}: the gallery answered HTTP ${res.status}`);
  return res;
}

/** Where the gallery says the .vsix of `id` is (same origin as the gallery, or refused). */
export async function resolveExtension(
  gallery: string,
  id: string,
  opts: Options = {},
): Promise<{ url: URL; version: string }> {
  const ref = parseExtensionId(id);
  const base = new URL(gallery.endsWith("/") ? gallery : `${gallery}/`);
  const seg = [ref.namespace, ref.name, ref.version ?? "latest"].map(encodeURIComponent).join("/");
  const res = await get(new URL(`api/${seg}`, base), opts, id);
  let meta: unknown;
  try {
    meta = JSON.parse(
      (await readCapped(res, MAX_META_BYTES, `${id}: the gallery's answer`)).toString("utf8"),
    );
  } catch (err) {
    if (err instanceof GalleryError) throw err;
    throw new GalleryError(`${id}: the gallery's answer is not JSON`);
  }
  const m = meta as { version?: unknown; files?: { download?: unknown } } | null;
  const download = m?.files?.download;
  if (typeof download !== "string") throw new GalleryError(`${id}: the gallery named no download`);
  let url: URL;
  try {
    url = new URL(download, base);
  } catch {
    throw new GalleryError(`${id}: the gallery's download URL is not a URL`);
  }
  if (url.origin !== base.origin)
    throw new GalleryError(`${id}: the download is not on the gallery's host (${url.host}): refused`);
  const version = typeof m?.version === "string" ? m.version.slice(0, 64) : (ref.version ?? "?");
  return { url, version };
}

/** The .vsix bytes, at most `maxBytes`; a file that is not a zip is refused. */
export async function downloadVsix(url: URL, id: string, opts: Options = {}): Promise<Buffer> {
  const res = await get(url, opts, id);
  const bytes = await readCapped(res, opts.maxBytes ?? MAX_VSIX_BYTES, `${id}: the .vsix`);
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50)
    throw new GalleryError(`${id}: the download is not a .vsix (zip) file`);
  return bytes;
}
