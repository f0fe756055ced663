import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyHost, ideOrigin, OriginsError, previewOrigin, resolveOrigins } from "./origins";

const local = resolveOrigins({ publicUrl: "http://kalpana.localhost:3000", sameOriginIde: false });

test("embedded default: the app on kalpana.localhost, workspaces and previews below it", () => {
  assert.equal(local.app, "http://kalpana.localhost:3000");
  assert.equal(ideOrigin(local, "cabc123"), "http://cabc123.kalpana.localhost:3000");
  assert.equal(previewOrigin(local, "cabc123", 5173), "http://5173--cabc123.kalpana.localhost:3000");
  assert.equal(local.secureCookies, true, "*.localhost takes Secure cookies over http");
});

test("hosts are classified unambiguously; anything else is unknown", () => {
  const cases: [string | undefined, unknown][] = [
    ["kalpana.localhost:3000", { kind: "app" }],
    ["KALPANA.localhost:3000", { kind: "app" }],
    ["cabc.kalpana.localhost:3000", { kind: "ide", id: "cabc" }],
    ["3000--cabc.kalpana.localhost:3000", { kind: "preview", id: "cabc", port: 3000 }],
    ["0--cabc.kalpana.localhost", { kind: "unknown" }],
    ["70000--cabc.kalpana.localhost", { kind: "unknown" }],
    ["3000--cabc--x.kalpana.localhost", { kind: "unknown" }],
    ["a.b.kalpana.localhost", { kind: "unknown" }],
    ["c_bad.kalpana.localhost", { kind: "unknown" }],
    ["kalpana.localhost.evil.com", { kind: "unknown" }],
    ["evilkalpana.localhost", { kind: "unknown" }],
    ["localhost:3000", { kind: "loopback" }],
    ["127.0.0.1:3000", { kind: "loopback" }],
    ["[::1]:3000", { kind: "loopback" }],
    ["", { kind: "unknown" }],
    [undefined, { kind: "unknown" }],
  ];
  for (const [host, want] of cases) assert.deepEqual(classifyHost(local, host), want, String(host));
});

test("a separate (cross-site) preview domain", () => {
  const o = resolveOrigins({
    publicUrl: "https://kalpana.example.com",
    previewDomain: "*.kalpana-preview.net",
    sameOriginIde: false,
  });
  assert.equal(previewOrigin(o, "cx", 8000), "https://8000--cx.kalpana-preview.net");
  assert.equal(ideOrigin(o, "cx"), "https://cx.kalpana.example.com");
  assert.deepEqual(classifyHost(o, "8000--cx.kalpana-preview.net"), {
    kind: "preview",
    id: "cx",
    port: 8000,
  });
  assert.deepEqual(classifyHost(o, "cx.kalpana-preview.net"), { kind: "unknown" });
});

test("set-ups that cannot work stop with an explanation", () => {
  assert.throws(
    () => resolveOrigins({ publicUrl: "http://10.1.2.3:3000", sameOriginIde: false }),
    (e: Error) =>
      e instanceof OriginsError && /IP address/.test(e.message) && /UNSAFE_SAME_ORIGIN/.test(e.message),
  );
  // localhost and x.localhost are different sites: VS Code would be blank in its frame.
  assert.throws(
    () => resolveOrigins({ publicUrl: "http://localhost:3000", sameOriginIde: false }),
    /same site/,
  );
  assert.throws(
    () =>
      resolveOrigins({
        publicUrl: "https://app.example.com",
        workspaceDomain: "ws.other.com",
        sameOriginIde: false,
      }),
    /same site/,
  );
  assert.throws(
    () =>
      resolveOrigins({
        publicUrl: "https://a.example.com",
        workspaceDomain: "bad_domain!",
        sameOriginIde: false,
      }),
    /not a DNS name/,
  );
  // The explicit opt-in accepts anything.
  const unsafe = resolveOrigins({ publicUrl: "http://10.1.2.3:3000", sameOriginIde: true });
  assert.equal(unsafe.workspaceDomain, null);
  assert.equal(unsafe.secureCookies, false);
  // A workspace domain that is a parent of the app's host is same-site.
  const parent = resolveOrigins({
    publicUrl: "https://app.example.com",
    workspaceDomain: "ws.example.com",
    sameOriginIde: false,
  });
  assert.equal(ideOrigin(parent, "c1"), "https://c1.ws.example.com");
});
