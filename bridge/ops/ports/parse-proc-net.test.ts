import assert from "node:assert/strict";
import { test } from "node:test";
import { parseProcNet } from "./parse-proc-net";

const header =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

test("IPv4 LISTEN sockets are listed, established ones are not", () => {
  const text =
    header +
    "   0: 00000000:0BB9 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1\n" +
    "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2 1\n" +
    "   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 3 1\n";
  assert.deepEqual(parseProcNet(text), [
    { port: 3001, address: "0.0.0.0" },
    { port: 8080, address: "127.0.0.1" },
  ]);
});

test("IPv6 any, loopback and v4-mapped addresses", () => {
  const text =
    header +
    "   0: 00000000000000000000000000000000:0BB8 00000000000000000000000000000000:0000 0A 0 0 0 1000 0 1\n" +
    "   1: 00000000000000000000000001000000:1389 00000000000000000000000000000000:0000 0A 0 0 0 1000 0 1\n" +
    "   2: 0000000000000000FFFF00000100007F:0050 00000000000000000000000000000000:0000 0A 0 0 0 1000 0 1\n";
  assert.deepEqual(parseProcNet(text), [
    { port: 3000, address: "::" },
    { port: 5001, address: "::1" },
    { port: 80, address: "127.0.0.1" },
  ]);
});

test("garbage lines are ignored", () => {
  assert.deepEqual(parseProcNet(`${header}nonsense\n   0: zz:zz 0 0A\n\n`), []);
});
