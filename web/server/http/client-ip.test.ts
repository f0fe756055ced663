// Which address a request came from, as the sign-in rate limit sees it: a client-sent
// X-Forwarded-For is ignored unless the socket peer is a trusted proxy, and then only the hops our
// own proxies added count. Also through a real HTTP server with stampClientIp, as server.ts runs it.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { CLIENT_IP_HEADER, clientIpFrom } from "./client-ip";
import { isIpList, parseIpList } from "./ip-list";

const none = parseIpList("");
const proxies = parseIpList("10.0.0.0/8, 192.168.1.5, fd00::/8");

test("without trusted proxies the socket address wins over any X-Forwarded-For", () => {
  for (const xff of ["1.2.3.4", "1.2.3.4, 5.6.7.8", undefined, "garbage", ["9.9.9.9", "8.8.8.8"]]) {
    assert.equal(clientIpFrom("203.0.113.7", xff, none), "203.0.113.7");
  }
  assert.equal(clientIpFrom("::ffff:203.0.113.7", "1.1.1.1", none), "203.0.113.7");
  assert.equal(clientIpFrom(undefined, "1.1.1.1", none), "unknown");
});

test("a peer that is not a trusted proxy cannot forward for anyone", () => {
  assert.equal(clientIpFrom("203.0.113.7", "1.2.3.4", proxies), "203.0.113.7");
});

test("behind trusted proxies: the first untrusted hop from the right, spoofed left entries ignored", () => {
  // The client sent "X-Forwarded-For: 6.6.6.6"; our proxy appended the real peer 198.51.100.2.
  assert.equal(clientIpFrom("10.1.2.3", "6.6.6.6, 198.51.100.2", proxies), "198.51.100.2");
  // Two of our proxies in a row.
  assert.equal(clientIpFrom("10.1.2.3", "6.6.6.6, 198.51.100.2, 192.168.1.5", proxies), "198.51.100.2");
  assert.equal(clientIpFrom("::ffff:10.1.2.3", "2001:db8::1", proxies), "2001:db8::1");
  // No header: the proxy itself is the client (health checks).
  assert.equal(clientIpFrom("10.1.2.3", undefined, proxies), "10.1.2.3");
  // A garbage hop stops the walk at the last address a trusted proxy vouched for.
  assert.equal(clientIpFrom("10.1.2.3", "not-an-ip", proxies), "10.1.2.3");
  assert.equal(clientIpFrom("10.1.2.3", "1.1.1.1, not-an-ip, 192.168.1.5", proxies), "192.168.1.5");
});

test("KALPANA_TRUSTED_PROXIES accepts IPs and CIDRs only", () => {
  assert.ok(isIpList(""));
  assert.ok(isIpList("10.0.0.0/8,::1, 172.16.0.0/12"));
  for (const bad of ["10.0.0.0/33", "localhost", "10.0.0.1/8/1", "1.2.3.4/x", "::1/129"]) {
    assert.equal(isIpList(bad), false, bad);
  }
});

test("over HTTP: whatever the client sends, the stamped address is the socket peer", async () => {
  const { stampClientIp } = await import("./client-ip");
  process.env.KALPANA_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "kalpana-ip-"));
  const server = createServer((req, res) => {
    stampClientIp(req);
    res.end(String(req.headers[CLIENT_IP_HEADER]));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  try {
    const attempts: Record<string, string>[] = [
      { "x-forwarded-for": "1.2.3.4" },
      { [CLIENT_IP_HEADER]: "5.6.7.8" },
      { "x-forwarded-for": "9.9.9.9", [CLIENT_IP_HEADER]: "9.9.9.9" },
    ];
    for (const headers of attempts) {
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers });
      assert.equal(await res.text(), "127.0.0.1");
    }
  } finally {
    server.close();
  }
});
