// Parallel creates spread over the nodes: placement reads the pins and creates the service one at a
// time (a manager that answers after a few ms, as a real one, made 12 parallel creates pick the
// same nodes before).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import type Docker from "dockerode";
import { setupDomainEnv } from "../../workspaces/test-env.fixture";
import { LABEL_NODE, type SwarmNode } from "./tasks";

const env = setupDomainEnv(); // config() for the runtime's defaults
after(() => env.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const node = (ID: string): SwarmNode => ({
  ID,
  Description: { Hostname: `ks-${ID}` },
  Spec: { Labels: { "kalpana.pool": "ws" }, Availability: "active" },
  Status: { State: "ready", Addr: "10.0.0.1" },
});

test("12 creates at once: 4 on each of 3 nodes", async () => {
  const { SwarmRuntime } = await import("./swarm-runtime");
  const services: { ID: string; Spec: Docker.CreateServiceOptions }[] = [];
  const manager = {
    getService: (name: string) => ({
      inspect: async () =>
        services.find((s) => s.Spec.Name === name) ??
        Promise.reject(Object.assign(new Error("no such service"), { statusCode: 404 })),
    }),
    getImage: () => ({ distribution: async () => ({}), inspect: async () => ({}) }),
    listNodes: async () => [node("a"), node("b"), node("c")],
    listServices: async () => {
      await sleep(5);
      return [...services];
    },
    createService: async (spec: Docker.CreateServiceOptions) => {
      await sleep(5);
      services.push({ ID: spec.Name!, Spec: spec });
      return { id: spec.Name };
    },
  };
  const rt = new SwarmRuntime(manager as unknown as Docker, "reg:5000");
  const spec = (workspaceId: string) => ({
    workspaceId,
    ownerId: "u1",
    image: "kalpana/workspace:latest",
    memoryMb: 512,
    cpus: 1,
    pidsLimit: 64,
    env: {},
  });
  await Promise.all(Array.from({ length: 12 }, (_, i) => rt.create(spec(`w${i}`))));
  const pins: Record<string, number> = {};
  for (const s of services) {
    const n = s.Spec.Labels?.[LABEL_NODE] ?? "?";
    pins[n] = (pins[n] ?? 0) + 1;
  }
  assert.deepEqual(pins, { a: 4, b: 4, c: 4 });
  // A failed create does not block the ones after it.
  const create = manager.createService;
  manager.createService = async () => {
    manager.createService = create;
    throw new Error("manager gone");
  };
  const [failed, next] = [rt.create(spec("x")), rt.create(spec("y"))];
  await assert.rejects(failed, /manager gone/);
  await next;
  assert.equal(services.at(-1)?.Spec.Name, "kalpana-ws-y");
});
