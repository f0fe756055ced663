// A minimal in-memory ustar writer for putArchive: a handful of small files (bridge secret, Nix
// config) does not justify a dependency, and building in memory means no secret ever touches the
// host's disk.

export type TarEntry = {
  path: string;
  content?: string | Buffer;
  mode: number;
  uid: number;
  gid: number;
  dir?: boolean;
};

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, "0")}\0`;
}

function header(e: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(512, 0);
  let name = e.path.replace(/^\/+/, "");
  if (e.dir && !name.endsWith("/")) name += "/";
  let prefix = "";
  if (Buffer.byteLength(name) > 100) {
    // ustar splits long names at a slash into prefix (155) + name (100).
    const cut = name.lastIndexOf("/", name.length - 2);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155)
      throw new Error(`path too long: ${e.path}`);
  }
  h.write(name, 0, 100, "utf8");
  h.write(octal(e.mode & 0o7777, 8), 100, 8, "ascii");
  h.write(octal(e.uid, 8), 108, 8, "ascii");
  h.write(octal(e.gid, 8), 116, 8, "ascii");
  h.write(octal(size, 12), 124, 12, "ascii");
  h.write(octal(Math.floor(Date.now() / 1000), 12), 136, 12, "ascii");
  h.write("        ", 148, 8, "ascii"); // checksum is computed with spaces here
  h.write(e.dir ? "5" : "0", 156, 1, "ascii");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  h.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return h;
}

export function buildTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = e.dir
      ? Buffer.alloc(0)
      : Buffer.isBuffer(e.content)
        ? e.content
        : Buffer.from(e.content ?? "", "utf8");
    parts.push(header(e, body.length), body);
    const pad = (512 - (body.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return Buffer.concat(parts);
}
