// A local stand-in for Open VSX: GET /api/<namespace>/<name>/<version|latest> answers the gallery's
// JSON (version, files.download) and /files/<file> serves a real, tiny .vsix built here (a zip with
// extension/package.json, extension.vsixmanifest and [Content_Types].xml, stored uncompressed).
// `answer` lets a test replace the JSON for one extension (bad JSON, a foreign download host).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32 } from "node:zlib";

/** A zip of `files` (stored, no compression): enough for code-server's .vsix reader. */
export function zip(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const fname = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fname.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fname.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fname, data);
    centrals.push(central, fname);
    offset += local.length + fname.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A real, installable .vsix for `publisher.name` at `version` (no code: a contribution only). */
export function tinyVsix(publisher: string, name: string, version = "1.0.0"): Buffer {
  const pkg = {
    name,
    publisher,
    displayName: `${name} (test)`,
    version,
    engines: { vscode: "^1.60.0" },
    contributes: { commands: [{ command: `${name}.hello`, title: "Hello from a test extension" }] },
  };
  const manifest = `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011">
  <Metadata><Identity Language="en-US" Id="${name}" Version="${version}" Publisher="${publisher}" />
  <DisplayName>${name}</DisplayName><Description xml:space="preserve">test</Description></Metadata>
  <Installation><InstallationTarget Id="Microsoft.VisualStudio.Code" /></Installation>
  <Dependencies /><Assets>
  <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
  </Assets></PackageManifest>`;
  const types = `<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension=".json" ContentType="application/json" /><Default Extension=".vsixmanifest" ContentType="text/xml" /></Types>`;
  return zip({
    "extension.vsixmanifest": manifest,
    "[Content_Types].xml": types,
    "extension/package.json": JSON.stringify(pkg, null, 2),
  });
}

export type FakeGallery = {
  url: string;
  /** Extensions the gallery knows: "publisher.name" → its .vsix. */
  add(id: string, vsix: Buffer, version?: string): void;
  /** Replaces the metadata answer for one extension (a raw body, sent as JSON). */
  answer(id: string, body: string): void;
  requests: string[];
  close(): Promise<void>;
};

export async function startFakeGallery(): Promise<FakeGallery> {
  const files = new Map<string, { vsix: Buffer; version: string }>();
  const answers = new Map<string, string>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/");
    requests.push(path);
    const api = /^\/api\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
    if (api) {
      const id = `${api[1]}.${api[2]}`.toLowerCase();
      const custom = answers.get(id);
      const f = files.get(id);
      if (custom === undefined && !f) return void res.writeHead(404).end('{"error":"not found"}');
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(
        custom ??
          JSON.stringify({
            namespace: api[1],
            name: api[2],
            version: f?.version,
            files: { download: `${url}/files/${id}-${f?.version}.vsix` },
          }),
      );
    }
    const file = /^\/files\/(.+)-[^-]+\.vsix$/.exec(path);
    const f = file?.[1] ? files.get(file[1]) : undefined;
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": f.vsix.length });
    res.end(f.vsix);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    add: (id, vsix, version = "1.0.0") => files.set(id.toLowerCase(), { vsix, version }),
    answer: (id, body) => answers.set(id.toLowerCase(), body),
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
