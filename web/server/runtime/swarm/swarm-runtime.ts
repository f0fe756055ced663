// The Swarm implementation of the runtime (KALPANA_RUNTIME=swarm, DOCKER_HOST = a manager): a
// service per workspace, replicas 1 = running, 0 = stopped, pinned to the node that holds its
// node-local volumes. Files go in as a Swarm config the entrypoint writes onto the volumes, or as
// Swarm secrets (the bridge secret: encrypted in the managers' raft log, mounted from memory, never
// env or labels).
// Everything is read from tasks on every call: a host-mode port changes on every start.
import { createHash } from "node:crypto";
import path from "node:path";
import Docker from "dockerode";
import { config } from "../../config";
import { logger } from "../../log/log";
import {
  type DiskLinks,
  type DiskOptions,
  diskLinkOf,
  ensureHelperSpec,
  releaseHelperSpec,
} from "../docker/disks";
import { ignore, statusOf } from "../docker/errors";
import {
  containerName,
  labelFilter,
  MOUNT_POINTS,
  VOLUME_KINDS,
  type VolumeKind,
  volumeName,
} from "../docker/names";
import { demuxLogs, toStats } from "../docker/state";
import {
  type CreateSpec,
  type Endpoint,
  ImageMissingError,
  type InstanceState,
  LABEL_WORKSPACE,
  type Runtime,
  type RuntimeFile,
  type Stats,
  type VolumeState,
  type WaitOptions,
} from "../runtime";
import {
  LABEL_NODE_JOB,
  NODE_SCRIPT,
  type NodeStep,
  parseNodeOutput,
  statsResult,
  volumesResult,
} from "./node-job";
import { pollNodeChanges } from "./node-watch";
import { BRIDGE_TARGET_PORT, jobSpec, serviceSpec } from "./service-spec";
import {
  DISK_RECHECK_MS,
  diskCheckDue,
  LABEL_DISKS_NODE,
  mountFailed,
  PUT_TARGET,
  type PutFile,
  putConfigName,
  putHash,
  putPayload,
  restartUnmounted,
} from "./start-plan";
import {
  chooseNode,
  LABEL_NODE,
  nodeUp,
  POOL_LABEL,
  POOL_VALUE,
  runningTask,
  type SwarmNode,
  type SwarmService,
  type SwarmTask,
  stuckPending,
  toEndpoint,
  toInstanceState,
  UNAVAILABLE,
} from "./tasks";

const log = logger("runtime");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LABEL_FILE = "kalpana.file";
const LABEL_PURGE = "kalpana.purge";
const LABEL_DISKS = "kalpana.disks";
/** On a workspace's put configs (start-plan.ts), beside its workspace label. */
const LABEL_PUT = "kalpana.put";

const underVolume = (p: string) => Object.values(MOUNT_POINTS).some((m) => p === m || p.startsWith(`${m}/`));
/** Where the node job sees its node's engine socket. */
const NODE_SOCK = "/var/run/kalpana-node.sock";
/** Stats of a node's workspaces are one job: many callers within this time share it. */
const STATS_TTL_MS = 10_000;
/** Where a listing found a workspace's volumes, for the orphan clean-up that follows it. */
const VOLUME_NODES_TTL_MS = 10 * 60_000;
/** A task "preparing" longer than this is pulling the image: the person is told. */
const PULL_SHOWN_MS = 1000;

const configuredDisks = (): DiskOptions => ({
  gib: config().KALPANA_WORKSPACE_DISK_GIB,
  dir: config().KALPANA_DISK_DIR,
  linkDir: config().KALPANA_DISK_LINK_DIR,
});

type ServiceWithSpec = SwarmService & {
  Spec: Docker.ServiceSpec & { TaskTemplate: Docker.ContainerTaskSpec };
};
const imageOf = (s: SwarmService) => (s as ServiceWithSpec).Spec.TaskTemplate.ContainerSpec?.Image as string;

let warnedSharedNix = false;

type NodeSample = { stats: Stats; disk: { usedBytes: number; totalBytes: number } | null };

export class SwarmRuntime implements Runtime {
  private readonly statsByNode = new Map<string, { at: number; value: Promise<Map<string, NodeSample>> }>();
  /** Workspace → the nodes a listing found its volumes on, with the image its job ran there. */
  private readonly volumeNodes = new Map<string, { at: number; nodes: Map<string, string> }>();
  /** Workspace → when repair() last ran the disk check for a task Swarm restarted on its own. */
  private readonly rechecked = new Map<string, number>();

  constructor(
    private readonly docker = new Docker(),
    private readonly registry = config().KALPANA_REGISTRY,
    private readonly nodeSocket = config().KALPANA_SWARM_NODE_SOCKET,
    private readonly diskOptions: () => DiskOptions = configuredDisks,
    /** For node jobs where no workspace's image is at hand (listing volumes, orphans). */
    private readonly defaultImage = config().KALPANA_WORKSPACE_IMAGE ?? "kalpana/workspace:latest",
  ) {
    if (config().KALPANA_SHARED_NIX_STORE && !warnedSharedNix) {
      warnedSharedNix = true;
      log.warn(
        "KALPANA_SHARED_NIX_STORE is single-host only: on Swarm every workspace realises Nix in its own /nix (docs/SCALING.md)",
      );
    }
  }

  private disks(): DiskOptions | null {
    const o = this.diskOptions();
    return o.gib > 0 ? o : null;
  }

  /** The image as every node pulls it: from the registry when one is configured. */
  private ref(image: string): string {
    return this.registry ? `${this.registry}/${image}` : image;
  }

  private async service(workspaceId: string): Promise<SwarmService | null> {
    return (await this.docker
      .getService(containerName(workspaceId))
      .inspect()
      .catch((err) => (statusOf(err) === 404 ? null : Promise.reject(err)))) as SwarmService | null;
  }

  private async tasks(serviceName: string): Promise<SwarmTask[]> {
    return (await this.docker.listTasks({ filters: { service: [serviceName] } })) as SwarmTask[];
  }

  private async node(id: string | undefined): Promise<SwarmNode | undefined> {
    if (!id) return undefined;
    return (await this.docker
      .getNode(id)
      .inspect()
      .catch(() => undefined)) as SwarmNode | undefined;
  }

  private async workspaceServices(labels: Record<string, string> = {}): Promise<SwarmService[]> {
    return (await this.docker.listServices({ filters: { label: labelFilter(labels) } })) as SwarmService[];
  }

  private async nodeOf(workspaceId: string): Promise<string> {
    const s = await this.service(workspaceId);
    const id = s?.Spec.Labels?.[LABEL_NODE];
    if (!id) throw new Error(`workspace ${workspaceId} has no service`);
    return id;
  }

  /** Applies `change` to the service's current spec (Swarm needs the version it changes). */
  private async update(
    workspaceId: string,
    change: (spec: Docker.ServiceSpec) => Docker.ServiceSpec,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const s = (await this.docker.getService(containerName(workspaceId)).inspect()) as SwarmService & {
        Version: { Index: number };
        Spec: Docker.ServiceSpec;
      };
      try {
        await this.docker
          .getService(s.ID)
          .update({ version: s.Version.Index, ...change(structuredClone(s.Spec)) } as never);
        return;
      } catch (err) {
        // "update out of sequence": another writer won the version; read it again.
        if (attempt < 4 && /out of sequence/.test(String((err as Error).message))) continue;
        throw err;
      }
    }
  }

  async ping(): Promise<void> {
    const info = (await this.docker.info()) as { Swarm?: { ControlAvailable?: boolean } };
    if (!info.Swarm?.ControlAvailable) throw new Error("DOCKER_HOST is not a Swarm manager");
  }

  async hasImage(image: string): Promise<boolean> {
    if (!this.registry) {
      return this.docker
        .getImage(image)
        .inspect()
        .then(() => true)
        .catch((err) => (statusOf(err) === 404 ? false : Promise.reject(err)));
    }
    // The manager asks the registry for the manifest (GET /distribution/<ref>/json).
    return this.docker
      .getImage(this.ref(image))
      .distribution()
      .then(() => true)
      .catch(() => false);
  }

  /** Placements in this process, one at a time (see create). */
  private placing: Promise<unknown> = Promise.resolve();

  /**
   * One at a time: parallel creates would all read the same pins and land on one node (measured:
   * 12 at once, 8 on one node and none on another).
   */
  create(spec: CreateSpec): Promise<void> {
    const turn = this.placing.then(() => this.place(spec));
    this.placing = turn.catch(() => undefined);
    return turn;
  }

  private async place(spec: CreateSpec): Promise<void> {
    if (await this.service(spec.workspaceId)) return;
    if (!(await this.hasImage(spec.image))) throw new ImageMissingError(this.ref(spec.image));
    const nodes = (await this.docker.listNodes()) as SwarmNode[];
    const node = chooseNode(nodes, await this.workspaceServices());
    if (!node) throw new Error("no Swarm node can take a workspace (none ready with label kalpana.pool=ws)");
    await this.docker
      .createService(serviceSpec(spec, this.ref(spec.image), node.ID, this.disks()))
      .catch(ignore(409)); // a racing create won
    log.info(
      { workspaceId: spec.workspaceId, node: node.Description?.Hostname },
      "workspace service created",
    );
  }

  /**
   * Files under a volume: one Swarm config the task's entrypoint writes out, as the workspace user,
   * on every start (as the single-host runtime writes them before every start): no node job. Any
   * other file (the bridge secret in /etc/kalpana): a Swarm secret mounted at that path. Both are
   * immutable, so a new content is a new object (named by its hash) and the old one goes.
   */
  async putFiles(workspaceId: string, files: RuntimeFile[], dirs: string[] = []): Promise<void> {
    for (const p of [...dirs, ...files.map((f) => f.path)])
      if (!path.isAbsolute(p)) throw new Error(`putFiles needs absolute paths: ${p}`);
    if (!(await this.service(workspaceId))) throw new Error(`workspace ${workspaceId} has no service`);
    const labels = { [LABEL_WORKSPACE]: workspaceId };
    const secretFiles = files.filter((f) => !underVolume(f.path));
    const secrets = await Promise.all(secretFiles.map((f) => this.secretRef(workspaceId, f, labels)));
    const onVolumes = files
      .filter((f) => underVolume(f.path))
      .map((f) => ({ path: f.path, mode: f.mode ?? 0o644, content: f.content }));
    const put =
      onVolumes.length || dirs.length ? await this.putRef(workspaceId, dirs, onVolumes, labels) : null;
    const paths = new Set(secretFiles.map((f) => f.path));
    await this.update(workspaceId, (spec) => {
      const cs = (spec.TaskTemplate as Docker.ContainerTaskSpec).ContainerSpec!;
      cs.Secrets = [...(cs.Secrets ?? []).filter((s) => !paths.has(s.File?.Name ?? "")), ...secrets];
      if (put) cs.Configs = [...(cs.Configs ?? []).filter((c) => c.File?.Name !== PUT_TARGET), put];
      return spec;
    });
    // Objects of this workspace no longer referenced (an earlier content) go; Swarm refuses (409)
    // to remove one a task still uses, which is then left for the next put.
    if (secrets.length)
      await this.dropUnreferenced(
        workspaceId,
        "secret",
        secrets.map((r) => r.SecretID!),
      );
    if (put) await this.dropUnreferenced(workspaceId, "config", [put.ConfigID!]);
  }

  /** A secret holding this file (the one already there when the content is the same). */
  private async secretRef(
    workspaceId: string,
    f: RuntimeFile,
    labels: Record<string, string>,
  ): Promise<Docker.SecretReference> {
    const hash = createHash("sha256")
      .update(f.path)
      .update("\0")
      .update(f.content)
      .digest("hex")
      .slice(0, 16);
    const name = `kalpana-f-${workspaceId}-${hash}`;
    const existing = (await this.docker.listSecrets({ filters: { name: [name] } })) as {
      ID: string;
      Spec: { Name: string };
    }[];
    const id =
      existing.find((s) => s.Spec.Name === name)?.ID ??
      (
        await this.docker.createSecret({
          Name: name,
          Labels: { ...labels, [LABEL_FILE]: f.path },
          Data: Buffer.from(f.content).toString("base64"),
        })
      ).id;
    return {
      SecretID: id,
      SecretName: name,
      File: { Name: f.path, UID: "1000", GID: "1000", Mode: f.mode ?? 0o400 },
    };
  }

  /** The config carrying the files for the volumes (start-plan.ts putPayload), read by the entrypoint. */
  private async putRef(
    workspaceId: string,
    dirs: string[],
    files: PutFile[],
    labels: Record<string, string>,
  ): Promise<Docker.ConfigReference> {
    const name = putConfigName(workspaceId, putHash(dirs, files));
    const existing = (await this.docker.listConfigs({ filters: { name: [name] } })) as {
      ID: string;
      Spec: { Name: string };
    }[];
    const id =
      existing.find((c) => c.Spec.Name === name)?.ID ??
      (await this.docker
        .createConfig({
          Name: name,
          Labels: { ...labels, [LABEL_PUT]: "1" },
          Data: Buffer.from(putPayload(dirs, files)).toString("base64"),
        })
        .then((c) => c.id as string)
        .catch(async (err) => {
          // A racing put of the same payload (another web server) made it first.
          if (statusOf(err) !== 409) throw err;
          return ((await this.docker.getConfig(name).inspect()) as { ID: string }).ID;
        }));
    return {
      ConfigID: id,
      ConfigName: name,
      File: { Name: PUT_TARGET, UID: "1000", GID: "1000", Mode: 0o400 },
    };
  }

  /** Removes this workspace's secrets (or put configs) other than `keep`. */
  private async dropUnreferenced(workspaceId: string, kind: "secret" | "config", keep: string[]) {
    const label = [`${LABEL_WORKSPACE}=${workspaceId}`, ...(kind === "config" ? [LABEL_PUT] : [])];
    const all = (await (kind === "secret"
      ? this.docker.listSecrets({ filters: { label } })
      : this.docker.listConfigs({ filters: { label } }))) as { ID: string }[];
    for (const o of all)
      if (!keep.includes(o.ID))
        await (kind === "secret" ? this.docker.getSecret(o.ID) : this.docker.getConfig(o.ID))
          .remove()
          .catch(() => undefined);
  }

  /**
   * Reports a node pulling the image (a task "preparing"): at once, every 5 s with the time so far,
   * and when it is done. The manager cannot see a pull's bytes on another node: time is the progress.
   */
  private pullWatch(nodeId: string, onProgress: WaitOptions["onProgress"]) {
    let since: number | null = null;
    let last = 0;
    let host = "";
    return async (tasks: SwarmTask[]) => {
      if (!onProgress) return;
      const preparing = tasks.some((t) => t.Status?.State === "preparing");
      if (preparing) {
        // A task with its image at hand is "preparing" for a moment too (measured ≈ 0.1 s): only a
        // longer one is a pull worth saying.
        since ??= Date.now();
        if (Date.now() - since < PULL_SHOWN_MS) return;
        if (!host) {
          host = (await this.node(nodeId))?.Description?.Hostname ?? nodeId;
          onProgress(`Pulling the workspace image on ${host}…`);
          last = Date.now();
        } else if (Date.now() - last >= 5000) {
          onProgress(
            `Pulling the workspace image on ${host} (${Math.round((Date.now() - since) / 1000)} s)…`,
          );
          last = Date.now();
        }
      } else if (since !== null) {
        if (host) onProgress(`Image pulled on ${host} in ${Math.round((Date.now() - since) / 1000)} s`);
        since = null;
        host = "";
      }
    };
  }

  /**
   * Runs a one-shot job to its end (complete, or an error with its message and the end of its
   * output), then removes it. Its output (stdout and stderr), read through the manager.
   */
  private async runJob(
    name: string,
    o: Omit<Parameters<typeof jobSpec>[0], "name">,
    onProgress?: WaitOptions["onProgress"],
    timeoutMs = 300_000,
  ): Promise<string> {
    const job = await this.docker.createService(jobSpec({ name, ...o }));
    const pulling = this.pullWatch(o.nodeId, onProgress);
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const tasks = await this.tasks(name);
        await pulling(tasks);
        const done = tasks.find((t) => t.Status?.State === "complete");
        if (done) return await this.logs(name, 1000, name);
        const failed = tasks.find((t) => ["failed", "rejected"].includes(t.Status?.State ?? ""));
        if (failed) {
          const out = (await this.logs(name, 20, name)).trim().slice(-500);
          throw new Error(
            `job ${name} ${failed.Status?.State}: ${failed.Status?.Err ?? "no reason given"}${out ? `: ${out}` : ""}`,
          );
        }
        const node = await this.node(o.nodeId);
        if (!nodeUp(node))
          throw new Error(`${UNAVAILABLE} (node ${node?.Description?.Hostname ?? o.nodeId})`);
        if (Date.now() > deadline) throw new Error(`job ${name} did not finish in ${timeoutMs / 1000} s`);
        await sleep(100); // a job takes about a second: a coarser poll adds a fifth of it
      }
    } finally {
      await job.remove().catch(() => undefined);
    }
  }

  /**
   * Runs `steps` on the node through its own engine (node-job.ts): a job as root with the node's
   * socket mounted, in a workspace image (it has Node, and the node has it or pulls it). Started by
   * the control plane only; the socket is never mounted into a workspace.
   */
  private async nodeJob(
    nodeId: string,
    image: string,
    steps: NodeStep[],
    onProgress?: WaitOptions["onProgress"],
  ): Promise<unknown[]> {
    const kind = steps[0]?.op ?? "none";
    const out = await this.runJob(
      `kalpana-node-${kind}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
      {
        image,
        nodeId,
        labels: { [LABEL_NODE_JOB]: kind },
        user: "0:0",
        command: ["/usr/local/bin/node", "-e", NODE_SCRIPT, NODE_SOCK, JSON.stringify(steps)],
        mounts: [
          { Type: "bind", Source: this.nodeSocket, Target: NODE_SOCK },
          // The image declares its volume paths: without a mount there, every job left three
          // anonymous volumes on the node (Swarm removes a job's container, not those).
          ...Object.values(MOUNT_POINTS).map((Target) => ({
            Type: "tmpfs" as const,
            Source: "",
            Target,
            TmpfsOptions: { SizeBytes: 1024 * 1024, Mode: 0o755 },
          })),
        ],
      },
      onProgress,
    );
    return parseNodeOutput(out);
  }

  /** The workspace's volumes that are filesystems of their own (disks.ts), from its service's mounts. */
  private diskKinds(service: SwarmService): VolumeKind[] {
    return Object.keys(this.diskLinks(service)) as VolumeKind[];
  }

  /** Kind → the link its volume names (the link folder, or beside the image for older volumes). */
  private diskLinks(service: SwarmService): DiskLinks {
    const o = this.diskOptions();
    const mounts = (service as ServiceWithSpec).Spec.TaskTemplate.ContainerSpec?.Mounts ?? [];
    const links: DiskLinks = {};
    for (const k of VOLUME_KINDS) {
      const m = mounts.find((m) => m.Target === MOUNT_POINTS[k]);
      const link = diskLinkOf(
        m?.VolumeOptions?.DriverConfig?.Options as Record<string, string> | undefined,
        o,
      );
      if (link) links[k] = link;
    }
    return links;
  }

  /**
   * Before anything mounts the volumes on the node: the disk images exist there and each link names
   * the loop device that holds its image (a restart renumbers them), by the disk helper through the
   * node's engine. The manager cannot see the node's loop devices: this runs with a put that has
   * files to write (a create's first), when the node changed since the last check (start-plan.ts),
   * and when a task fails to mount its volumes.
   */
  private ensureStep(service: SwarmService): NodeStep | null {
    const workspaceId = service.Spec.Labels?.[LABEL_WORKSPACE];
    const kinds = this.diskKinds(service);
    if (!workspaceId || !kinds.length) return null;
    const labels = { [LABEL_WORKSPACE]: workspaceId };
    return {
      op: "run",
      spec: ensureHelperSpec(
        this.diskOptions(),
        workspaceId,
        kinds,
        imageOf(service),
        labels,
        this.diskLinks(service),
      ),
    };
  }

  /** The disk check as a job of its own; the labels that record it (none when disks are off). */
  private async ensureDisks(
    service: SwarmService,
    onProgress?: WaitOptions["onProgress"],
  ): Promise<Record<string, string>> {
    const step = this.ensureStep(service);
    const nodeId = service.Spec.Labels?.[LABEL_NODE];
    if (!step || !nodeId) return {};
    const nodeVersion = await this.nodeVersion(service);
    // The job itself carries no workspace label: list() must never take it for the workspace.
    await this.nodeJob(nodeId, imageOf(service), [step], onProgress);
    return nodeVersion === undefined ? {} : { [LABEL_DISKS_NODE]: String(nodeVersion) };
  }

  private async nodeVersion(service: SwarmService): Promise<number | undefined> {
    return (await this.node(service.Spec.Labels?.[LABEL_NODE]))?.Version?.Index;
  }

  /**
   * No node job unless due (start-plan.ts): the put's labels and the replica count are one service
   * update. A task that fails to mount its volumes gets the disk check (once) before Swarm's retry.
   */
  async start(workspaceId: string, opts: WaitOptions = {}): Promise<void> {
    const service = await this.service(workspaceId);
    if (!service) throw new Error(`workspace ${workspaceId} has no service`);
    const labels: Record<string, string> = {};
    if (
      diskCheckDue(service.Spec.Labels, this.diskKinds(service).length > 0, await this.nodeVersion(service))
    )
      Object.assign(labels, await this.ensureDisks(service, opts.onProgress));
    const name = containerName(workspaceId);
    const before = new Set((await this.tasks(name)).map((t) => t.ID));
    await this.update(workspaceId, (spec) => ({
      ...spec,
      Labels: { ...spec.Labels, ...labels },
      Mode: { Replicated: { Replicas: 1 } },
    }));
    const nodeId = await this.nodeOf(workspaceId);
    const pulling = this.pullWatch(nodeId, opts.onProgress);
    const deadline = Date.now() + 600_000;
    let recovered = false;
    for (;;) {
      // The node first: a task on a node that is down still reads "running".
      const node = await this.node(nodeId);
      if (!nodeUp(node)) throw new Error(`${UNAVAILABLE} (node ${node?.Description?.Hostname ?? nodeId})`);
      const tasks = await this.tasks(name);
      await pulling(tasks);
      const live = runningTask(tasks);
      if (live?.Status?.PortStatus?.Ports?.length) return;
      const failed = tasks.find(
        (t) => t.DesiredState === "running" && ["failed", "rejected"].includes(t.Status?.State ?? ""),
      );
      const unmounted = tasks.find(
        (t) =>
          !before.has(t.ID) &&
          ["failed", "rejected"].includes(t.Status?.State ?? "") &&
          mountFailed(t.Status?.Err),
      );
      if (unmounted && !recovered && this.diskKinds(service).length) {
        recovered = true;
        log.info({ workspaceId, err: unmounted.Status?.Err }, "volumes not mounted: disks checked again");
        // Swarm itself retries the task a second later (restart policy "any"): it finds the disks.
        await this.ensureDisks(service, opts.onProgress);
        continue;
      }
      if (failed && tasks.every((t) => t.Status?.State !== "running" && t.Status?.State !== "starting")) {
        const err = failed.Status?.Err ?? failed.Status?.Message ?? "the task failed";
        if (/No such image|manifest unknown/i.test(err)) throw new ImageMissingError(String(err));
      }
      if (Date.now() > deadline) throw new Error("the workspace's task did not start in 10 minutes");
      await sleep(100); // a task runs about a second after the update: a coarser poll adds to every start
    }
  }

  async stop(workspaceId: string, timeoutSec = 10): Promise<void> {
    if (!(await this.service(workspaceId))) return;
    await this.update(workspaceId, (spec) => ({ ...spec, Mode: { Replicated: { Replicas: 0 } } }));
    const deadline = Date.now() + (timeoutSec + 30) * 1000;
    const nodeId = await this.nodeOf(workspaceId);
    while (runningTask(await this.tasks(containerName(workspaceId)))) {
      // A task on a node that is down cannot be stopped now: Swarm stops it when the node returns.
      if (!nodeUp(await this.node(nodeId)) || Date.now() > deadline) return;
      await sleep(250);
    }
  }

  async remove(workspaceId: string, opts: { volumes?: boolean } = {}): Promise<void> {
    const service = await this.service(workspaceId);
    if (!service) {
      if (opts.volumes) await this.purgeOrphan(workspaceId);
      return;
    }
    const nodeId = service.Spec.Labels?.[LABEL_NODE];
    const disks = this.diskKinds(service);
    this.rechecked.delete(workspaceId);
    await this.docker.getService(service.ID).remove().catch(ignore(404));
    await this.dropUnreferenced(workspaceId, "secret", []);
    await this.dropUnreferenced(workspaceId, "config", []);
    if (!opts.volumes || !nodeId) return;
    const image = imageOf(service);
    if (!nodeUp(await this.node(nodeId))) {
      // Deleting while its machine is down: the purge waits in the cluster (a config naming it) and
      // runs once the node is back (retryPurges, from repair(): the reconciler calls it every 30 s).
      await this.docker
        .createConfig({
          Name: `kalpana-purge-${workspaceId}`,
          Labels: { [LABEL_PURGE]: workspaceId, [LABEL_NODE]: nodeId, [LABEL_DISKS]: disks.join(",") },
          Data: Buffer.from(image).toString("base64"),
        })
        .catch(ignore(409));
      log.warn(
        { workspaceId, nodeId },
        "workspace deleted while its node is down: volumes purged when it returns",
      );
      return;
    }
    await this.purge(workspaceId, nodeId, image, disks);
  }

  /**
   * Volumes without a service (orphan clean-up: a crash between removal steps, a database restored
   * from an older backup): purged on the nodes where the listing just before found them (the admin's
   * clean-up lists first). Without such a listing nothing is asked: a delete of a workspace that
   * never got a service must not run a job on every node (one without the image would pull it).
   */
  private async purgeOrphan(workspaceId: string): Promise<void> {
    const seen = this.volumeNodes.get(workspaceId);
    if (!seen || Date.now() - seen.at > VOLUME_NODES_TTL_MS) return;
    // Disks on or not now, images of an earlier setting may be there: releasing none is harmless.
    const disks = this.disks() ? [...VOLUME_KINDS] : [];
    for (const [nodeId, image] of seen.nodes) {
      if (!nodeUp(await this.node(nodeId))) throw new Error(`${UNAVAILABLE} (node ${nodeId})`);
      await this.purge(workspaceId, nodeId, image, disks);
    }
    this.volumeNodes.delete(workspaceId);
  }

  /**
   * Volumes live on their node only: a node job there removes the task's exited containers (they
   * keep a volume "in use") and the volumes, then detaches and deletes their disk images.
   */
  private async purge(
    workspaceId: string,
    nodeId: string,
    image: string,
    disks: VolumeKind[],
  ): Promise<void> {
    const labels = { [LABEL_WORKSPACE]: workspaceId };
    const steps: NodeStep[] = [
      { op: "purge", workspaceId, volumes: VOLUME_KINDS.map((k) => volumeName(workspaceId, k)) },
      ...(disks.length
        ? [
            {
              op: "run" as const,
              spec: releaseHelperSpec(this.diskOptions(), workspaceId, disks, image, labels),
            },
          ]
        : []),
    ];
    // The removed service's task is still shutting down for a moment: retry while its volumes are in use.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.nodeJob(nodeId, image, steps);
        return;
      } catch (err) {
        if (attempt >= 5 || /unavailable/.test((err as Error).message)) throw err;
        await sleep(1000);
      }
    }
  }

  async inspect(workspaceId: string): Promise<InstanceState | null> {
    const service = await this.service(workspaceId);
    if (!service) return null;
    const tasks = await this.tasks(service.Spec.Name);
    return toInstanceState(service, workspaceId, tasks, await this.node(service.Spec.Labels?.[LABEL_NODE]));
  }

  /** Purges of workspaces deleted while their node was down, for nodes that are back. */
  private async retryPurges(): Promise<void> {
    const pending = (await this.docker.listConfigs({ filters: { label: [LABEL_PURGE] } })) as {
      ID: string;
      Spec: { Labels: Record<string, string>; Data: string };
    }[];
    for (const c of pending) {
      const { [LABEL_PURGE]: workspaceId, [LABEL_NODE]: nodeId, [LABEL_DISKS]: disks } = c.Spec.Labels;
      if (!workspaceId || !nodeId || !nodeUp(await this.node(nodeId))) continue;
      const kinds = VOLUME_KINDS.filter((k) => (disks ?? "").split(",").includes(k));
      try {
        await this.purge(workspaceId, nodeId, Buffer.from(c.Spec.Data, "base64").toString(), kinds);
        await this.docker.getConfig(c.ID).remove();
        log.info({ workspaceId, nodeId }, "volumes of a workspace deleted while its node was down: purged");
      } catch (err) {
        log.warn({ workspaceId, err: (err as Error).message }, "purge postponed");
      }
    }
  }

  /**
   * Every workspace service with its state, from one read of services and nodes and one of each
   * service's tasks. A task made while its node was down stays "pending" after the node is back
   * (measured: minutes, "1 node not available for new tasks"): Swarm's scheduler does not look at it
   * again, so a forced update replaces it with one the scheduler places at once.
   */
  /** Every workspace service with its tasks and its node, as they are now: three calls, any count. */
  private async snapshot() {
    const [services, nodes, tasks] = await Promise.all([
      this.workspaceServices(),
      this.docker.listNodes() as Promise<SwarmNode[]>,
      this.docker.listTasks() as Promise<SwarmTask[]>,
    ]);
    const nodeById = new Map(nodes.map((n) => [n.ID, n]));
    const tasksOf = new Map<string, SwarmTask[]>();
    for (const t of tasks) {
      const of = tasksOf.get(t.ServiceID ?? "");
      if (of) of.push(t);
      else tasksOf.set(t.ServiceID ?? "", [t]);
    }
    return services.flatMap((service) => {
      const workspaceId = service.Spec.Labels?.[LABEL_WORKSPACE];
      if (!workspaceId) return [];
      const node = nodeById.get(service.Spec.Labels?.[LABEL_NODE] ?? "");
      return [{ service, workspaceId, tasks: tasksOf.get(service.ID) ?? [], node }];
    });
  }

  /** Reads only: the admin pages list too, and a page load must not act on the cluster. */
  async list(labels: Record<string, string> = {}): Promise<InstanceState[]> {
    return (await this.snapshot())
      .filter(({ service }) => Object.entries(labels).every(([k, v]) => service.Spec.Labels?.[k] === v))
      .map(({ service, workspaceId, tasks, node }) => toInstanceState(service, workspaceId, tasks, node));
  }

  /**
   * The reconciler's pass (every KALPANA_RECONCILE_SEC, and when a node changes): purges that waited
   * for their node, tasks left pending after their node came back (rescheduled), tasks Swarm
   * restarted that could not mount their volumes (the disk check).
   */
  async repair(): Promise<void> {
    await this.retryPurges().catch((err) => log.warn({ err: (err as Error).message }, "purge retry failed"));
    for (const { service, workspaceId, tasks, node } of await this.snapshot()) {
      if (stuckPending(service, tasks, node, Date.now())) {
        log.info({ workspaceId }, "task left pending after its node came back: rescheduled");
        await this.update(workspaceId, (spec) => {
          const t = spec.TaskTemplate as Docker.ContainerTaskSpec;
          t.ForceUpdate = (t.ForceUpdate ?? 0) + 1;
          return spec;
        }).catch((err) => log.warn({ workspaceId, err: (err as Error).message }, "reschedule failed"));
      }
      await this.recheckUnmounted(service, workspaceId, tasks);
    }
  }

  /**
   * Swarm restarts a task on its own (restart policy, e.g. after its node rebooted) without start():
   * the links on the node's tmpfs are gone, so the mount fails (never another workspace's disk). Then
   * the disk check runs here, at most every DISK_RECHECK_MS per workspace, and Swarm's next retry
   * finds the links. A failure is logged: the next listing tries again.
   */
  private async recheckUnmounted(service: SwarmService, workspaceId: string, tasks: SwarmTask[]) {
    const now = Date.now();
    if (now - (this.rechecked.get(workspaceId) ?? 0) < DISK_RECHECK_MS) return;
    const replicas = (service as ServiceWithSpec).Spec.Mode?.Replicated?.Replicas;
    if (!restartUnmounted(replicas, tasks) || !this.diskKinds(service).length) return;
    this.rechecked.set(workspaceId, now);
    log.info({ workspaceId }, "task restarted by Swarm could not mount its volumes: disks checked again");
    await this.ensureDisks(service).catch((err) =>
      log.warn({ workspaceId, err: (err as Error).message }, "disk check after a failed mount failed"),
    );
  }

  /**
   * Volumes are node-local and the manager sees only its own: a node job on every ready node that
   * takes workspaces (or holds a pinned one) lists them there. A node that is down or fails to
   * answer is left out of this listing (logged), not the whole listing.
   */
  async listVolumes(labels: Record<string, string> = {}): Promise<VolumeState[]> {
    const [nodes, services] = await Promise.all([
      this.docker.listNodes() as Promise<SwarmNode[]>,
      this.workspaceServices(),
    ]);
    const pinned = new Map(services.map((s) => [s.Spec.Labels?.[LABEL_NODE] ?? "", imageOf(s)]));
    const targets = nodes.filter(
      (n) => nodeUp(n) && (n.Spec?.Labels?.[POOL_LABEL] === POOL_VALUE || pinned.has(n.ID)),
    );
    const imageOn = (nodeId: string) => pinned.get(nodeId) ?? this.ref(this.defaultImage);
    const found = await Promise.all(
      targets.map(async (n) => {
        try {
          const image = imageOn(n.ID);
          const [vols] = await this.nodeJob(n.ID, image, [{ op: "volumes", labels: labelFilter(labels) }]);
          return volumesResult.parse(vols).flatMap((v) => {
            const workspaceId = v.labels[LABEL_WORKSPACE];
            return workspaceId ? [{ name: v.name, workspaceId, node: n.ID }] : [];
          });
        } catch (err) {
          log.warn(
            { node: n.Description?.Hostname, err: (err as Error).message },
            "volumes not listed on a node",
          );
          return [];
        }
      }),
    );
    const volumes = found.flat();
    const where = new Map<string, Map<string, string>>();
    for (const v of volumes)
      where.set(v.workspaceId, (where.get(v.workspaceId) ?? new Map()).set(v.node, imageOn(v.node)));
    for (const [id, nodes] of where) this.volumeNodes.set(id, { at: Date.now(), nodes });
    return volumes;
  }

  async nodeName(): Promise<string> {
    const info = (await this.docker.info()) as { Name?: string };
    return `swarm (manager ${info.Name ?? "?"})`;
  }

  /** The node's address and this start's host-mode port, looked up from the running task every time. */
  async endpoint(workspaceId: string): Promise<Endpoint | null> {
    const tasks = await this.tasks(containerName(workspaceId)).catch(() => []);
    const live = runningTask(tasks);
    return toEndpoint(live, await this.node(live?.NodeID), BRIDGE_TARGET_PORT);
  }

  /** A node going down or coming back reconciles at once (node-watch.ts), not on the next tick. */
  watchNodes(onChange: () => void): () => void {
    return pollNodeChanges(() => this.docker.listNodes() as Promise<SwarmNode[]>, onChange);
  }

  /**
   * A manager cannot read another node's container stats: a node job reads every workspace's on
   * that node at once (GET /containers/<id>/stats?stream=false through the node's socket, and `df`
   * of /workspace), and every caller within STATS_TTL_MS shares it: the admin page, a workspace
   * tab's figures and the reconciler's disk check cost one job per node, not one per workspace.
   */
  async stats(workspaceId: string): Promise<Stats | null> {
    return (await this.nodeSample(workspaceId))?.stats ?? null;
  }

  /** Of its own filesystem only (disks on): a plain volume's figures would be the node's disk. */
  async diskUsage(workspaceId: string): Promise<{ usedBytes: number; totalBytes: number } | null> {
    return (await this.nodeSample(workspaceId, (s) => this.diskKinds(s).includes("workspace")))?.disk ?? null;
  }

  private async nodeSample(workspaceId: string, wanted: (s: SwarmService) => boolean = () => true) {
    const service = await this.service(workspaceId);
    const nodeId = service?.Spec.Labels?.[LABEL_NODE];
    if (!service || !nodeId || !wanted(service)) return null;
    let cached = this.statsByNode.get(nodeId);
    if (!cached || Date.now() - cached.at > STATS_TTL_MS) {
      cached = { at: Date.now(), value: this.nodeStats(nodeId, imageOf(service)) };
      this.statsByNode.set(nodeId, cached);
      cached.value.catch(() => this.statsByNode.delete(nodeId));
    }
    return (await cached.value).get(workspaceId) ?? null;
  }

  private async nodeStats(nodeId: string, image: string): Promise<Map<string, NodeSample>> {
    if (!nodeUp(await this.node(nodeId))) return new Map();
    const [raw] = await this.nodeJob(nodeId, image, [
      { op: "stats", labels: [LABEL_WORKSPACE], disk: MOUNT_POINTS.workspace },
    ]);
    return new Map(
      statsResult.parse(raw).flatMap((r) => {
        const workspaceId = r.labels[LABEL_WORKSPACE];
        // The workspace's task only (it carries the node label), never a job or helper beside it.
        return workspaceId && !r.labels[LABEL_NODE_JOB] && r.labels[LABEL_NODE]
          ? [
              [
                workspaceId,
                { stats: toStats(r as Parameters<typeof toStats>[0]), disk: r.disk ?? null },
              ] as const,
            ]
          : [];
      }),
    );
  }

  async logs(workspaceId: string, tail = 200, serviceName = containerName(workspaceId)): Promise<string> {
    const service = this.docker.getService(serviceName) as unknown as {
      logs(o: object): Promise<Buffer | string>;
    };
    const buf = await service
      .logs({ stdout: true, stderr: true, tail, follow: false })
      .catch(() => Buffer.alloc(0));
    return demuxLogs(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf)));
  }
}
