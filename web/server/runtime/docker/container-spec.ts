// The container definition for a workspace: hardening and limits live here, in one readable place.
import type Docker from "dockerode";
import { type CreateSpec, LABEL_OWNER, LABEL_WORKSPACE } from "../runtime";
import { BRIDGE_PORT, containerName, MOUNT_POINTS, NETWORK_NAME, VOLUME_KINDS, volumeName } from "./names";

/** env-loader.sh reads /run/kalpana/env-vars.sh (bridge/ops/vars/write-env-vars.ts). */
export const VARS_DIR = "/run/kalpana";

export function workspaceLabels(
  spec: Pick<CreateSpec, "workspaceId" | "ownerId" | "labels">,
): Record<string, string> {
  return {
    ...spec.labels,
    [LABEL_WORKSPACE]: spec.workspaceId,
    [LABEL_OWNER]: spec.ownerId,
  };
}

export function containerOptions(spec: CreateSpec): Docker.ContainerCreateOptions {
  const mb = 1024 * 1024;
  // HostPort "" lets Docker pick a free port on loopback; it is read back from inspect after start.
  const loopback = [{ HostIp: "127.0.0.1", HostPort: "" }];
  return {
    name: containerName(spec.workspaceId),
    Image: spec.image,
    User: "1000:1000",
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: workspaceLabels(spec),
    // The bridge is the only port: code-server sits on a unix socket behind it.
    ExposedPorts: { [BRIDGE_PORT]: {} },
    HostConfig: {
      Mounts: VOLUME_KINDS.map((kind) => ({
        Type: "volume" as const,
        Source: volumeName(spec.workspaceId, kind),
        Target: MOUNT_POINTS[kind],
      })),
      PortBindings: { [BRIDGE_PORT]: loopback },
      // The person's variables and secrets (bridge op env:vars) live here: memory only, gone at stop,
      // readable by the workspace user alone; never env or labels.
      Tmpfs: { [VARS_DIR]: "rw,nosuid,nodev,noexec,size=1m,mode=0700,uid=1000,gid=1000" },
      // The shared workspace network, inter-container traffic off (network.ts): never Docker's default bridge.
      NetworkMode: NETWORK_NAME,
      Memory: spec.memoryMb * mb,
      MemorySwap: spec.memoryMb * mb, // no swap: the limit is the limit, and OOM is reported as such
      NanoCpus: Math.round(spec.cpus * 1e9),
      PidsLimit: spec.pidsLimit,
      // Everything runs as uid 1000 and needs no capability (Nix is single-user, code-server binds
      // 8080): verified by the lifecycle tests, which run with all of them dropped.
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      RestartPolicy: { Name: "no" },
      LogConfig: { Type: "json-file", Config: { "max-size": "5m", "max-file": "2" } },
    },
  };
}
