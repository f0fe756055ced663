// The firewall installer against a fake iptables that keeps its chains in memory: it adds only what
// is missing, never duplicates under concurrent starts, skips without root or iptables, refuses a
// Docker that does not manage iptables, and removes every copy on uninstall.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ensureFirewall, FirewallError, firewallRules, type Iptables, removeFirewall } from "./firewall";

function fakeIptables(chains: Record<string, string[][]> = { "DOCKER-USER": [], INPUT: [] }) {
  const calls: string[][] = [];
  const key = (spec: string[]) => spec.join(" ");
  const run: Iptables = async (args) => {
    calls.push(args);
    await new Promise((r) => setImmediate(r)); // a real iptables call yields too
    const [op, chain = "", ...rest] = args;
    const rules = chains[chain];
    if (!rules) return 1;
    if (op === "-S") return 0;
    if (op === "-C") return rules.some((r) => key(r) === key(rest)) ? 0 : 1;
    if (op === "-I") {
      rules.unshift(rest.slice(1)); // rest = [position, ...spec]
      return 0;
    }
    if (op === "-D") {
      const i = rules.findIndex((r) => key(r) === key(rest));
      if (i < 0) return 1;
      rules.splice(i, 1);
      return 0;
    }
    return 2;
  };
  return { run, calls, chains };
}

test("rules: link-local rejected from the workspace bridge, forwarded and to the host", () => {
  const rules = firewallRules("kalpana0");
  assert.deepEqual(
    rules.map((r) => r.chain),
    ["DOCKER-USER", "INPUT"],
  );
  for (const r of rules) {
    const s = r.spec.join(" ");
    assert.match(s, /-i kalpana0 /);
    assert.match(s, /-d 169\.254\.0\.0\/16 /);
    assert.match(s, /-j REJECT/);
  }
});

test("installs what is missing, once, even with concurrent callers", async () => {
  const fw = fakeIptables();
  const reports = await Promise.all([
    ensureFirewall(fw.run, 0),
    ensureFirewall(fw.run, 0),
    ensureFirewall(fw.run, 0),
  ]);
  assert.equal(fw.chains["DOCKER-USER"]?.length, 1);
  assert.equal(fw.chains.INPUT?.length, 1);
  assert.deepEqual(
    reports.map((r) => (r.state === "ok" ? r.added.length : -1)),
    [2, 0, 0],
  );
  // Inserted at the top: Docker's own ACCEPT rules further down must not win.
  assert.ok(fw.calls.some((c) => c[0] === "-I" && c[2] === "1"));
});

test("a rule lost (reboot, flush) is put back", async () => {
  const fw = fakeIptables();
  await ensureFirewall(fw.run, 0);
  fw.chains.INPUT = [];
  const again = await ensureFirewall(fw.run, 0);
  assert.equal(again.state === "ok" && again.added.map((r) => r.chain).join(), "INPUT");
});

test("not root or no iptables: skipped with a reason, nothing run", async () => {
  const fw = fakeIptables();
  assert.equal((await ensureFirewall(fw.run, 1000)).state, "skipped");
  assert.equal(fw.calls.length, 0);
  const none: Iptables = async () => null;
  const r = await ensureFirewall(none, 0);
  assert.equal(r.state === "skipped" && r.reason, "iptables is not installed");
});

test("no DOCKER-USER chain (dockerd --iptables=false) is an error, not a silent pass", async () => {
  const fw = fakeIptables({ INPUT: [] });
  await assert.rejects(ensureFirewall(fw.run, 0), FirewallError);
  // The queue keeps working after a failure.
  assert.equal((await ensureFirewall(fakeIptables().run, 0)).state, "ok");
});

test("remove deletes every copy", async () => {
  const fw = fakeIptables();
  await ensureFirewall(fw.run, 0);
  const [rule] = firewallRules();
  fw.chains["DOCKER-USER"]?.push(rule?.spec ?? []); // a duplicate from an older install
  assert.equal(await removeFirewall(fw.run), 3);
  assert.deepEqual(fw.chains, { "DOCKER-USER": [], INPUT: [] });
});
