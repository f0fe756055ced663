// The gallery client against a local fake Open VSX: a real .vsix is resolved and downloaded; a bad
// id never reaches the gallery; bad JSON, no download, a download on another host (attacker-side:
// a gallery answer must not send the server anywhere else), a redirect, a file that is not a zip,
// one over the size cap (declared or not) and a gallery that does not answer are refused with a
// readable GalleryError.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { type FakeGallery, startFakeGallery, tinyVsix } from "./fake-gallery.fixture";
import { downloadVsix, GalleryError, galleryUrlOk, parseExtensionId, resolveExtension } from "./gallery";

let g: FakeGallery;
before(async () => {
  g = await startFakeGallery();
  g.add("kalpana-test.hello", tinyVsix("kalpana-test", "hello", "1.2.3"), "1.2.3");
});
after(() => g.close());

test("resolves publisher.name to the gallery's .vsix and downloads it", async () => {
  const found = await resolveExtension(g.url, "kalpana-test.hello");
  assert.equal(found.version, "1.2.3");
  assert.equal(found.url.origin, new URL(g.url).origin);
  const bytes = await downloadVsix(found.url, "kalpana-test.hello");
  assert.equal(bytes.readUInt32LE(0), 0x04034b50);
  assert.ok(g.requests.includes("/api/kalpana-test/hello/latest"));
  // A pinned version asks for that version.
  await resolveExtension(`${g.url}/`, "kalpana-test.hello@1.2.3");
  assert.ok(g.requests.includes("/api/kalpana-test/hello/1.2.3"));
});

test("refuses what the gallery must not be asked or must not answer", async () => {
  const before = g.requests.length;
  for (const id of ["../etc.passwd", "a.b/c", "a", "a.b@latest", "a.b?x=1"])
    await assert.rejects(resolveExtension(g.url, id), GalleryError, id);
  assert.equal(g.requests.length, before, "a bad id never reaches the gallery");
  assert.deepEqual(parseExtensionId("ms-python.python@2024.1.0"), {
    namespace: "ms-python",
    name: "python",
    version: "2024.1.0",
  });

  await assert.rejects(resolveExtension(g.url, "nobody.here"), /not found in the gallery/);
  g.answer("bad.json", "{not json");
  await assert.rejects(resolveExtension(g.url, "bad.json"), /not JSON/);
  g.answer("no.download", JSON.stringify({ version: "1.0.0", files: {} }));
  await assert.rejects(resolveExtension(g.url, "no.download"), /named no download/);
  // Attacker-side: a gallery answer pointing at another host (an internal service, metadata IP).
  for (const download of [
    "http://169.254.169.254/latest/meta-data",
    "https://evil.example.com/x.vsix",
    `${g.url.replace("127.0.0.1", "localhost")}/files/x.vsix`,
    "//evil.example.com/x.vsix",
  ]) {
    g.answer("evil.ext", JSON.stringify({ version: "1.0.0", files: { download } }));
    await assert.rejects(resolveExtension(g.url, "evil.ext"), /not on the gallery's host/, download);
  }
});

test("downloads: not a zip, over the cap (declared or streamed), a redirect, no answer", async () => {
  const big = Buffer.alloc(2048, 1);
  big.writeUInt32LE(0x04034b50, 0);
  const server = createServer((req, res) => {
    if (req.url === "/html") return void res.end("<html>login</html>");
    if (req.url === "/declared") return void res.writeHead(200, { "content-length": 2048 }).end(big);
    if (req.url === "/redirect")
      return void res.writeHead(302, { location: "http://169.254.169.254/" }).end();
    if (req.url === "/hang") return; // never answers
    // Chunked (no Content-Length): only counting the bytes catches it.
    res.write(big.subarray(0, 1024));
    res.end(big.subarray(1024));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await assert.rejects(downloadVsix(new URL(`${base}/html`), "a.b"), /not a .vsix/);
    await assert.rejects(downloadVsix(new URL(`${base}/declared`), "a.b", { maxBytes: 1024 }), /larger than/);
    await assert.rejects(downloadVsix(new URL(`${base}/chunked`), "a.b", { maxBytes: 1024 }), /larger than/);
    assert.equal((await downloadVsix(new URL(`${base}/chunked`), "a.b", { maxBytes: 4096 })).length, 2048);
    await assert.rejects(downloadVsix(new URL(`${base}/redirect`), "a.b"), /HTTP 302/);
    await assert.rejects(
      downloadVsix(new URL(`${base}/hang`), "a.b", { timeoutMs: 300 }),
      /did not answer \(timeout\)/,
    );
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test("the gallery setting: off, https, or http on loopback only", () => {
  for (const ok of [
    "off",
    "https://open-vsx.org",
    "https://mirror.corp.example/vsx/",
    "http://127.0.0.1:3000",
  ])
    assert.ok(galleryUrlOk(ok), ok);
  for (const bad of [
    "http://open-vsx.org",
    "ftp://x",
    "https://u:p@open-vsx.org",
    "",
    "open-vsx.org",
    "http://10.0.0.1",
  ])
    assert.ok(!galleryUrlOk(bad), bad);
});
