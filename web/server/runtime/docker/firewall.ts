// Host firewall rules for the workspace bridge (kalpana0): no workspace reaches a link-local address
// (169.254.0.0/16 holds the cloud metadata service at 169.254.169.254, which hands out the machine's
// cloud credentials). Two places, because a packet from a container meets one of them:
// - DOCKER-USER, for traffic the host forwards (a metadata service on the network). FORWARD jumps
//   there before Docker's own rules, and Docker never edits that chain, also across dockerd restarts.
// - INPUT, for traffic to the host itself (a metadata proxy or agent bound on the host).
// The rules match the interface by name, so they can exist before the network does. They are the
// same for every workspace: nothing to add or remove per workspace. Installed by scripts/setup.sh
// (scripts/firewall.ts) and re-checked by the runtime before each create/start when it runs as root.
import { execFile } from "node:child_process";
import { NETWORK_BRIDGE } from "./names";

export const LINK_LOCAL = "169.254.0.0/16";
const COMMENT = "kalpana: workspaces never reach link-local/metadata";

export type FirewallRule = { chain: "DOCKER-USER" | "INPUT"; spec: string[] };

export function firewallRules(bridge = NETWORK_BRIDGE): FirewallRule[] {
  // REJECT, not DROP: a blocked connect fails at once instead of hanging until the tool times out.
  const spec = ["-i", bridge, "-d", LINK_LOCAL, "-m", "comment", "--comment", COMMENT];
  const reject = ["-j", "REJECT", "--reject-with", "icmp-admin-prohibited"];
  return [
    { chain: "DOCKER-USER", spec: [...spec, ...reject] },
    { chain: "INPUT", spec: [...spec, ...reject] },
  ];
}

/** One iptables call; resolves to its exit code (ENOENT → null: no iptables on this machine). */
export type Iptables = (args: string[]) => Promise<number | null>;

export const iptables: Iptables = (args) =>
  new Promise((resolve) => {
    // -w: wait for the xtables lock instead of failing while dockerd holds it.
    execFile("iptables", ["-w", ...args], { timeout: 15_000 }, (err) => {
      if (!err) return resolve(0);
      const e = err as NodeJS.ErrnoException & { code?: string | number };
      resolve(e.code === "ENOENT" ? null : typeof e.code === "number" ? e.code : 1);
    });
  });

export type FirewallReport = { state: "ok"; added: FirewallRule[] } | { state: "skipped"; reason: string };

export class FirewallError extends Error {}

let serial: Promise<unknown> = Promise.resolve();

/** Installs the missing rules (idempotent). Throws when it can run iptables but the rules will not hold. */
export function ensureFirewall(
  run: Iptables = iptables,
  uid = process.getuid?.() ?? -1,
): Promise<FirewallReport> {
  // Serialized: two starts checking at once would otherwise both insert the same rule.
  const next = serial.then(() => install(run, uid));
  serial = next.catch(() => undefined);
  return next;
}

async function install(run: Iptables, uid: number): Promise<FirewallReport> {
  if (uid !== 0) return { state: "skipped", reason: "not running as root (iptables needs it)" };
  const chainExists = await run(["-S", "DOCKER-USER"]);
  if (chainExists === null) return { state: "skipped", reason: "iptables is not installed" };
  if (chainExists !== 0) {
    throw new FirewallError(
      "iptables has no DOCKER-USER chain: the Docker engine must manage iptables (its default) for " +
        "workspace isolation; start dockerd without --iptables=false",
    );
  }
  const added: FirewallRule[] = [];
  for (const rule of firewallRules()) {
    if ((await run(["-C", rule.chain, ...rule.spec])) === 0) continue;
    if ((await run(["-I", rule.chain, "1", ...rule.spec])) !== 0)
      throw new FirewallError(`iptables could not insert into ${rule.chain}: ${rule.spec.join(" ")}`);
    added.push(rule);
  }
  return { state: "ok", added };
}

/** Deletes every copy of the rules (uninstall); returns how many were removed. */
export async function removeFirewall(run: Iptables = iptables): Promise<number> {
  let removed = 0;
  for (const rule of firewallRules()) {
    while ((await run(["-D", rule.chain, ...rule.spec])) === 0) removed++;
  }
  return removed;
}
