// (attacker) The address rules for remote MCP servers: the URL is the repository's, so every
// internal range is refused, as a literal and as a DNS name resolving to it, and http only for
// localhost when the test-only flag is set.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkRemoteUrl, isRefusedAddress, type Resolver } from "./address";

const fakeDns =
  (table: Record<string, string[]>): Resolver =>
  async (host) => {
    const a = table[host];
    if (!a) throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
    return a.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

const REFUSED = [
  "127.0.0.1",
  "127.8.9.10",
  "0.0.0.0",
  "10.0.0.1",
  "172.16.0.1",
  "172.31.255.254",
  "192.168.1.1",
  "169.254.169.254",
  "169.254.0.1",
  "100.64.0.1",
  "100.127.255.254",
  "224.0.0.1",
  "255.255.255.255",
  "::1",
  "::",
  "fe80::1",
  "fc00::1",
  "fd12:3456::1",
  "::ffff:10.0.0.1",
  "::ffff:127.0.0.1",
  "::ffff:a9fe:a9fe",
  "64:ff9b::a9fe:a9fe",
  "2002:a9fe:a9fe::1",
  "not-an-ip",
];
const PUBLIC = ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"];

describe("remote MCP address rules", () => {
  test("(attacker) every internal range is refused; public addresses are not", () => {
    for (const a of REFUSED) assert.equal(isRefusedAddress(a), true, a);
    for (const a of PUBLIC) assert.equal(isRefusedAddress(a), false, a);
  });

  test("(attacker) literal URLs to internal addresses are refused", async () => {
    for (const a of REFUSED.filter((x) => x !== "not-an-ip")) {
      const host = a.includes(":") ? `[${a}]` : a;
      const r = await checkRemoteUrl(`https://${host}/mcp`, { resolve: fakeDns({}) });
      assert.ok("refused" in r, a);
    }
  });

  test("(attacker) a name resolving to an internal address (any of its addresses) is refused", async () => {
    const resolve = fakeDns({
      "meta.evil.test": ["169.254.169.254"],
      "lan.evil.test": ["10.0.0.1"],
      "loop.evil.test": ["127.0.0.1"],
      "cgnat.evil.test": ["100.64.1.1"],
      "v6.evil.test": ["fd00::1"],
      "mixed.evil.test": ["93.184.216.34", "192.168.0.10"],
      "ok.example.test": ["93.184.216.34"],
    });
    for (const host of ["meta", "lan", "loop", "cgnat", "v6", "mixed"]) {
      const r = await checkRemoteUrl(`https://${host}.evil.test/mcp`, { resolve });
      assert.ok("refused" in r, host);
      assert.match(r.refused, /resolves to .*not connected/);
    }
    // Even with the test flag on, only the names localhost and the loopback literals get through.
    const r = await checkRemoteUrl("http://loop.evil.test/mcp", { resolve, allowHttpLocalhost: true });
    assert.ok("refused" in r);
    const ok = await checkRemoteUrl("https://ok.example.test/mcp", { resolve });
    assert.ok(!("refused" in ok));
    assert.equal(ok.address, "93.184.216.34");
    const gone = await checkRemoteUrl("https://nxdomain.test/mcp", { resolve });
    assert.deepEqual(gone, { refused: "nxdomain.test could not be resolved" });
  });

  test("(attacker) http, credentials, localhost and Kalpana's own hosts are refused", async () => {
    const resolve = fakeDns({ "mcp.example.com": ["93.184.216.34"], "app.kalpana.test": ["93.184.216.35"] });
    const cases: Array<[string, RegExp]> = [
      ["http://mcp.example.com/mcp", /only https/],
      ["ftp://mcp.example.com/mcp", /only https/],
      ["https://user:pw@mcp.example.com/mcp", /credentials/],
      ["https://localhost/mcp", /own host or a local name/],
      ["https://x.localhost/mcp", /own host or a local name/],
      ["http://localhost:3000/mcp", /only https/],
      ["https://app.kalpana.test/mcp", /own host/],
      ["https://ws1.ws.kalpana.test/mcp", /own host/],
    ];
    for (const [url, why] of cases) {
      const r = await checkRemoteUrl(url, { resolve, ownHosts: ["app.kalpana.test", "ws.kalpana.test"] });
      assert.ok("refused" in r, url);
      assert.match(r.refused, why, url);
    }
  });

  test("the test-only flag lets http to localhost through, pinned to loopback", async () => {
    const r = await checkRemoteUrl("http://localhost:4555/mcp", { allowHttpLocalhost: true });
    assert.ok(!("refused" in r));
    assert.equal(r.address, "127.0.0.1");
    const ip = await checkRemoteUrl("http://127.0.0.1:4555/mcp", { allowHttpLocalhost: true });
    assert.ok(!("refused" in ip));
    // Without it, the same URL is refused.
    assert.ok("refused" in (await checkRemoteUrl("http://127.0.0.1:4555/mcp")));
    assert.ok("refused" in (await checkRemoteUrl("https://127.0.0.1:4555/mcp")));
  });
});
