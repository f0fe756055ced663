// The Swarm service of a workspace, and the one-shot jobs that run beside it on its node: the same
// hardening and limits as the Docker runtime's container (docker/container-spec.ts), written for
// Swarm's API. Swarm has no SecurityOpt: every node's dockerd runs with --no-new-privileges
// (docs/SCALING.md), and CapabilityDrop needs API 1.41 (Docker 20.10).
import type Docker from "dockerode";
import { VARS_DIR, workspaceLabels } from "../docker/container-spec";
import { type DiskOptions, diskVolumeOptions } from "../docker/disks";
import {
  BRIDGE_PORT,
  containerName,
  MOUNT_POINTS,
  VOLUME_KINDS,
  type VolumeKind,
  volumeName,
} from "../docker/names";
import type { CreateSpec } from "../runtime";
import { LABEL_NODE } from "./tasks";

export const BRIDGE_TARGET_PORT = Number.parseInt(BRIDGE_PORT, 10);
const MIB = 1024 * 1024;

const volumeMounts = (
  workspaceId: string,
  labels: Record<string, string>,
  disks: DiskOptions | null = null,
  kinds: readonly VolumeKind[] = VOLUME_KINDS,
) =>
  kinds.map((kind) => ({
    Type: "volume" as const,
    Source: volumeName(workspaceId, kind),
    Target: MOUNT_POINTS[kind],
    // Created on the node by the first task (or job) that mounts it, with these labels and, with
    // disks on, as the workspace's own ext4 filesystem (docker/disks.ts; node-local: never moved).
    VolumeOptions: {
      Labels: labels,
      ...(disks
        ? { DriverConfig: { Name: "local", Options: diskVolumeOptions(disks, workspaceId, kind) } }
        : {}),
    },
  })) as unknown as Docker.MountSettings[]; // dockerode's type wants every optional VolumeOptions field

/** `disks`: each volume its own size-limited filesystem (KALPANA_WORKSPACE_DISK_GIB), else null. */
export function serviceSpec(
  spec: CreateSpec,
  image: string,
  nodeId: string,
  disks: DiskOptions | null = null,
): Docker.CreateServiceOptions {
  const labels = { ...workspaceLabels(spec), [LABEL_NODE]: nodeId };
  return {
    Name: containerName(spec.workspaceId),
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: image,
        User: "1000:1000",
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        Labels: labels,
        Mounts: [
          ...volumeMounts(spec.workspaceId, workspaceLabels(spec), disks),
          // The person's variables (bridge op env:vars): memory only. Swarm cannot give a tmpfs an
          // owner, so it is world-writable; every process in the container is uid 1000 anyway and
          // the files in it are 0600.
          { Type: "tmpfs", Source: "", Target: VARS_DIR, TmpfsOptions: { SizeBytes: MIB, Mode: 0o1777 } },
        ],
        CapabilityDrop: ["ALL"],
        StopGracePeriod: 10e9,
        Secrets: [],
      },
      Resources: {
        Limits: {
          MemoryBytes: spec.memoryMb * MIB,
          NanoCPUs: Math.round(spec.cpus * 1e9),
          Pids: spec.pidsLimit,
        },
      },
      // "any": a workspace whose node went down comes back when the node does (a pinned task
      // waits for it); stopping is replicas 0, never an exit.
      RestartPolicy: { Condition: "any", Delay: 1e9 },
      // Pinned to the node that holds its volumes.
      Placement: { Constraints: [`node.id==${nodeId}`] },
      // No network named: the task joins its node's default bridge (docker0), which the node's
      // dockerd runs with inter-container traffic off (--icc=false) and scripts/swarm-node-firewall.sh
      // guards. (A swarm-scoped bridge from a config-only network broke after an engine crash:
      // "network … exists" on every task until the node's network store was wiped.)
      LogDriver: { Name: "json-file", Options: { "max-size": "5m", "max-file": "2" } },
    },
    Mode: { Replicated: { Replicas: 0 } },
    // No routing mesh on our kernels (SWARM.md): DNS round robin and a host-mode port the node
    // picks on every start (read back from the task, never cached).
    EndpointSpec: {
      Mode: "dnsrr",
      Ports: [{ Protocol: "tcp", TargetPort: BRIDGE_TARGET_PORT, PublishMode: "host" }],
    },
  };
}

/** A one-shot job pinned to the workspace's node, removed by the runtime once it has ended. */
export function jobSpec(o: {
  name: string;
  image: string;
  nodeId: string;
  labels: Record<string, string>;
  command: string[];
  user: string;
  mounts: Docker.MountSettings[];
}): Docker.CreateServiceOptions {
  return {
    Name: o.name,
    Labels: o.labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: o.image,
        User: o.user,
        Command: o.command,
        Labels: o.labels,
        Mounts: o.mounts,
        CapabilityDrop: o.user === "0:0" ? [] : ["ALL"],
      },
      RestartPolicy: { Condition: "none" },
      Placement: { Constraints: [`node.id==${o.nodeId}`] },
      Resources: { Limits: { MemoryBytes: 256 * MIB, NanoCPUs: 1e9 } },
    },
    Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
  };
}

export const workspaceVolumeMounts = volumeMounts;
