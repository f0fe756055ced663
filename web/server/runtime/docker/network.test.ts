// The network definition and the check that refuses an existing network that would not isolate.
import assert from "node:assert/strict";
import { test } from "node:test";
import type Docker from "dockerode";
import { NETWORK_BRIDGE, NETWORK_NAME } from "./names";
import { networkCreateOptions, networkProblems } from "./network";

const opts = (i: Docker.NetworkInspectInfo) => i.Options as Record<string, string>;

const fromCreate = (): Docker.NetworkInspectInfo => {
  const o = networkCreateOptions();
  return {
    Name: o.Name,
    Id: "n1",
    Driver: o.Driver ?? "bridge",
    EnableIPv6: Boolean(o.EnableIPv6),
    Internal: Boolean(o.Internal),
    Options: o.Options ?? {},
  } as Docker.NetworkInspectInfo;
};

test("what we create is what we accept", () => {
  const info = fromCreate();
  assert.equal(info.Name, NETWORK_NAME);
  assert.equal(opts(info)["com.docker.network.bridge.name"], NETWORK_BRIDGE);
  assert.deepEqual(networkProblems(info), []);
});

test("a network that would not isolate (or not reach out) is refused", () => {
  const cases: [string, (i: Docker.NetworkInspectInfo) => void, RegExp][] = [
    ["icc on", (i) => (opts(i)["com.docker.network.bridge.enable_icc"] = "true"), /enable_icc/],
    ["icc unset", (i) => delete opts(i)["com.docker.network.bridge.enable_icc"], /enable_icc/],
    ["other bridge name", (i) => (opts(i)["com.docker.network.bridge.name"] = "br-x"), /bridge\.name/],
    ["ipv6", (i) => (i.EnableIPv6 = true), /IPv6/],
    ["internal", (i) => (i.Internal = true), /internal/],
    ["macvlan", (i) => (i.Driver = "macvlan"), /driver/],
  ];
  for (const [name, mutate, expected] of cases) {
    const info = fromCreate();
    mutate(info);
    const problems = networkProblems(info);
    assert.equal(problems.length, 1, name);
    assert.match(problems[0] ?? "", expected, name);
  }
});
