// The workspaces' Docker network: ONE shared user-defined bridge with inter-container traffic off,
// not a network per workspace. Why: Docker's default address pools hold ~30 bridge networks, so
// per-workspace networks would need our own subnet management and per-network firewall rules to
// install and remove; with ICC off Docker itself drops every kalpana0 → kalpana0 packet (bridged
// frames pass iptables through br_netfilter, which Docker enables), and the fixed interface name
// lets a handful of static host rules (firewall.ts) cover every workspace, present and future.
import type Docker from "dockerode";
import { ignore, statusOf } from "./errors";
import { NETWORK_BRIDGE, NETWORK_NAME } from "./names";

const ICC = "com.docker.network.bridge.enable_icc";
const BRIDGE_NAME = "com.docker.network.bridge.name";
const MASQUERADE = "com.docker.network.bridge.enable_ip_masquerade";

export function networkCreateOptions(): Docker.NetworkCreateOptions {
  return {
    Name: NETWORK_NAME,
    Driver: "bridge",
    CheckDuplicate: true,
    // No IPv6: Docker 20.10 writes no ip6tables rules, so ICC off would not hold for IPv6; without it
    // containers' eth0 gets disable_ipv6=1 (no link-local path between workspaces either).
    EnableIPv6: false,
    Internal: false, // outbound internet (git, Nix, npm) goes through Docker's masquerading
    Options: { [BRIDGE_NAME]: NETWORK_BRIDGE, [ICC]: "false", [MASQUERADE]: "true" },
    Labels: { "kalpana.network": "workspaces" },
  };
}

/** What makes an existing network unsafe (or useless) for workspaces; empty when it is fine. */
export function networkProblems(info: Docker.NetworkInspectInfo): string[] {
  const opts = info.Options ?? {};
  const problems: string[] = [];
  if (info.Driver !== "bridge") problems.push(`driver is ${info.Driver}, not bridge`);
  if (opts[ICC] !== "false") problems.push(`${ICC} is not "false" (workspaces could reach each other)`);
  if (opts[BRIDGE_NAME] !== NETWORK_BRIDGE) problems.push(`${BRIDGE_NAME} is not ${NETWORK_BRIDGE}`);
  if (info.EnableIPv6) problems.push("IPv6 is enabled (ICC off does not cover it)");
  if (info.Internal) problems.push("it is internal (no outbound internet)");
  return problems;
}

export class NetworkUnsafeError extends Error {
  constructor(problems: string[]) {
    super(
      `Docker network "${NETWORK_NAME}" exists but is unsafe for workspaces: ${problems.join("; ")}. ` +
        `Remove it (docker network rm ${NETWORK_NAME}, after stopping its containers) and Kalpana recreates it.`,
    );
  }
}

/**
 * Creates the network if missing and returns its id. Race-safe across processes: the fixed bridge
 * name makes Docker refuse a second network with it (403; 409 for the name), and the loser reads
 * the winner's network back.
 */
export async function ensureNetwork(docker: Docker): Promise<string> {
  const read = () =>
    docker
      .getNetwork(NETWORK_NAME)
      .inspect()
      .catch((err) =>
        statusOf(err) === 404 ? null : Promise.reject(err),
      ) as Promise<Docker.NetworkInspectInfo | null>;
  let info = await read();
  if (!info) {
    await docker.createNetwork(networkCreateOptions()).catch(ignore(403, 409));
    info = await read();
    if (!info) throw new Error(`Docker network "${NETWORK_NAME}" could not be created`);
  }
  const problems = networkProblems(info);
  if (problems.length) throw new NetworkUnsafeError(problems);
  return info.Id;
}

/**
 * Puts a stopped container on the workspace network and on no other. Containers created before the
 * network existed sit on Docker's default bridge, where every container reaches every other: they
 * are moved at their next start instead of being left open.
 */
export async function attachOnly(docker: Docker, info: Docker.ContainerInspectInfo, networkId: string) {
  const nets = info.NetworkSettings.Networks ?? {};
  const others = Object.keys(nets).filter((name) => nets[name]?.NetworkID !== networkId);
  for (const name of others) {
    await docker
      .getNetwork(nets[name]?.NetworkID || name)
      .disconnect({ Container: info.Id, Force: true })
      .catch(ignore(404));
  }
  if (!Object.values(nets).some((n) => n?.NetworkID === networkId)) {
    await docker.getNetwork(networkId).connect({ Container: info.Id });
  }
}
