// Maps Docker's inspect answers to the runtime's plain shapes (the only place that reads them).
import type Docker from "dockerode";
import type { Endpoint, InstanceState, Stats } from "../runtime";
import { LABEL_OWNER, LABEL_WORKSPACE } from "../runtime";
import { BRIDGE_PORT } from "./names";

export function toInstanceState(info: Docker.ContainerInspectInfo): InstanceState {
  const labels = info.Config.Labels ?? {};
  const s = info.State;
  const memory = info.HostConfig.Memory;
  const zeroTime = (t: string | undefined) => (!t || t.startsWith("0001-") ? null : t);
  return {
    workspaceId: labels[LABEL_WORKSPACE] ?? "",
    ownerId: labels[LABEL_OWNER] ?? null,
    containerId: info.Id,
    running: s.Running,
    state: s.Status,
    exitCode: s.Running ? null : s.ExitCode,
    oomKilled: s.OOMKilled,
    error: s.Error || null,
    memoryMb: memory ? Math.round(memory / 1024 / 1024) : null,
    startedAt: zeroTime(s.StartedAt),
    finishedAt: zeroTime(s.FinishedAt),
  };
}

/** Host ports are Docker-assigned at each start: always read them back, never guess or cache. */
export function toEndpoint(info: Docker.ContainerInspectInfo, host: string): Endpoint | null {
  if (!info.State.Running) return null;
  const ports = info.NetworkSettings.Ports ?? {};
  const pick = (key: string) => {
    const binding =
      ports[key]?.find((b) => b.HostIp === "127.0.0.1" || b.HostIp === "0.0.0.0") ?? ports[key]?.[0];
    return binding ? Number(binding.HostPort) : Number.NaN;
  };
  const bridgePort = pick(BRIDGE_PORT);
  if (!bridgePort) return null;
  return { host, bridgePort };
}

type RawStats = {
  cpu_stats: {
    cpu_usage: { total_usage: number; percpu_usage?: number[] };
    system_cpu_usage?: number;
    online_cpus?: number;
  };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
  memory_stats: { usage?: number; stats?: Record<string, number> };
};

/** The same arithmetic `docker stats` uses (cache excluded from memory). */
export function toStats(raw: RawStats): Stats {
  const cpuDelta = raw.cpu_stats.cpu_usage.total_usage - raw.precpu_stats.cpu_usage.total_usage;
  const sysDelta = (raw.cpu_stats.system_cpu_usage ?? 0) - (raw.precpu_stats.system_cpu_usage ?? 0);
  const cpus = raw.cpu_stats.online_cpus ?? raw.cpu_stats.cpu_usage.percpu_usage?.length ?? 1;
  const cpuPercent = sysDelta > 0 && cpuDelta > 0 ? (cpuDelta / sysDelta) * cpus * 100 : 0;
  const st = raw.memory_stats.stats ?? {};
  const cache = st.total_inactive_file ?? st.inactive_file ?? st.cache ?? 0;
  const used = Math.max(0, (raw.memory_stats.usage ?? 0) - cache);
  return {
    cpuPercent: Math.round(cpuPercent * 10) / 10,
    memoryMb: Math.round((used / 1024 / 1024) * 10) / 10,
  };
}

/** Non-TTY container logs are multiplexed frames: [stream, 0, 0, 0, size(4)] + payload. */
export function demuxLogs(buf: Buffer): string {
  let out = "";
  let i = 0;
  while (i + 8 <= buf.length) {
    const size = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + size).toString("utf8");
    i += 8 + size;
  }
  return i === 0 && buf.length > 0 ? buf.toString("utf8") : out;
}
