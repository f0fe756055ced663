// The volume guard of entrypoint.sh: two containers never run on one workspace's volumes at the same
// time (a Swarm partition briefly ran two, docs/SCALING.md). Real containers on the default engine,
// with the built workspace image, sharing one set of named volumes.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { connectBridge } from "../bridge/client/index";
import { VOLUMES_IN_USE_EXIT, WORKSPACE_ENV } from "./constants";
import { ensureImages } from "./index";
import { dockerAvailable } from "./lib/docker";
import { run, runOk } from "./lib/run";
import { requireDocker } from "./test/docker.fixture";
import {
  httpStatus,
  type StartOptions,
  startWorkspace,
  type Workspace,
  waitHttp,
} from "./test/workspace.fixture";

const MESSAGE = "kalpana: another instance holds this workspace's volumes";
let image = "";
const started: Workspace[] = [];

async function workspace(opts: Omit<StartOptions, "image">) {
  const ws = await startWorkspace({ image, ...opts });
  started.push(ws);
  return ws;
}

const ready = (ws: Workspace) =>
  Promise.all([waitHttp(`${ws.bridgeUrl}/healthz`), waitHttp(`${ws.ideUrl}/healthz`, 60_000, ws.ideHeaders)]);

const state = async (ws: Workspace) =>
  (await runOk("docker", ["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", ws.name])).trim();

before(async () => {
  if (!(await dockerAvailable())) return;
  image = (await ensureImages(() => {})).workspace.tag;
});

after(async () => {
  // Newest first: the volumes belong to the first workspace and go last, when no container uses them.
  for (const ws of started.reverse()) await ws.remove();
});

test("a second container on the same volumes exits 75 while the first runs, and starts once it stops", async (t) => {
  if (!(await requireDocker(t))) return;
  const first = await workspace({});
  await ready(first);
  assert.equal((await first.exec("echo from-first > ~/marker")).code, 0);

  // code-server (the entrypoint after its exec, tini's only child) holds the lock on the home volume.
  const holder = await first.exec(
    "read -r pid </proc/1/task/1/children; tr '\\0' ' ' </proc/$pid/cmdline; echo; readlink /proc/$pid/fd/9",
  );
  assert.equal(holder.code, 0, holder.stderr);
  const [cmdline, fd9] = holder.stdout.trim().split("\n");
  assert.match(cmdline!, /code-server\/out\/node\/entry\.js/);
  assert.equal(fd9, "/home/coder");
  // Commands run through the bridge (terminals, the agent) do not hold it: they cannot release it.
  const bridge = await connectBridge(first.bridgeUrl, first.secret);
  try {
    const r = await bridge.exec.run({
      command: "test -e /proc/$$/fd/9 && echo held || echo free",
      timeoutMs: 10_000,
    });
    assert.equal(
      r.output
        .map((c) => c.data)
        .join("")
        .trim(),
      "free",
    );
  } finally {
    bridge.close();
  }

  const second = await workspace({
    volumes: first.volumes,
    env: { [WORKSPACE_ENV.volumeLockWait]: "1" },
    created: true,
  });
  // Bounded: without the guard the second would simply run (and `start -a` never return).
  const attempt = await run("timeout", ["60", "docker", "start", "-a", second.name]);
  assert.equal(attempt.code, VOLUMES_IN_USE_EXIT, `${attempt.stdout}${attempt.stderr}`);
  assert.ok(`${attempt.stdout}${attempt.stderr}`.includes(MESSAGE), `${attempt.stdout}${attempt.stderr}`);
  assert.equal(await state(second), `exited ${VOLUMES_IN_USE_EXIT}`);
  // Nothing of the refused container ran: the first still serves, its files untouched.
  assert.equal(await state(first), "running 0");
  await waitHttp(`${first.bridgeUrl}/healthz`, 5000);

  await runOk("docker", ["stop", "-t", "5", first.name]);
  await second.start();
  await ready(second);
  assert.equal((await second.exec("cat ~/marker")).stdout.trim(), "from-first");

  // Within the wait, a container waits for the one before it instead of failing (a handover).
  const third = await workspace({ volumes: first.volumes, env: { [WORKSPACE_ENV.volumeLockWait]: "60" } });
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(await state(third), "running 0");
  await assert.rejects(httpStatus(`${third.bridgeUrl}/healthz`, 1000), "no bridge before the lock is free");
  await runOk("docker", ["stop", "-t", "5", second.name]);
  await ready(third);
  assert.equal((await third.exec("cat ~/marker")).stdout.trim(), "from-first");
});
