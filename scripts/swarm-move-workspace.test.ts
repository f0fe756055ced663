// scripts/swarm-move-workspace.sh without a cluster: its argument handling, and the docker calls it
// makes against a fake `docker` on PATH that answers like a manager and two node engines (the real
// copy is exercised by hand on a Swarm: docs/SCALING.md). Bad input exits 2 before any docker call.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const script = path.join(here, "swarm-move-workspace.sh");
const FAKE = path.join(here, "testing", "swarm-move-fake-docker.sh");
const scratch = mkdtempSync(path.join(tmpdir(), "kalpana-move-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const A = "unix:///run/node-a.sock";
const B = "unix:///run/node-b.sock";
const MGR = "unix:///run/manager.sock";

function setup(name: string, opts: { targetVolumes?: boolean } = {}) {
  const dir = path.join(scratch, name);
  mkdirSync(path.join(dir, "bin"), { recursive: true });
  copyFileSync(FAKE, path.join(dir, "bin", "docker"));
  chmodSync(path.join(dir, "bin", "docker"), 0o755);
  for (const k of ["workspace", "home", "nix"]) {
    writeFileSync(path.join(dir, `NODEA-kalpana-ws1-${k}`), "");
    if (opts.targetVolumes) writeFileSync(path.join(dir, `NODEB-kalpana-ws1-${k}`), "");
  }
  return dir;
}

function move(dir: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync("bash", [script, ...args], {
    encoding: "utf8",
    env: {
      PATH: `${path.join(dir, "bin")}:${process.env.PATH}`,
      FAKE_DIR: dir,
      FAKE_A: A,
      FAKE_B: B,
      DOCKER_HOST: MGR,
      ...env,
    },
  });
  const logFile = path.join(dir, "log");
  const calls = existsSync(logFile) ? readFileSync(logFile, "utf8").trim().split("\n") : [];
  return { code: r.status, out: `${r.stdout}${r.stderr}`, calls };
}

const ok = ["--from", A, "--to", B, "ws1", "nodeb"];

test("bash -n, --help", () => {
  assert.equal(spawnSync("bash", ["-n", script]).status, 0);
  const r = move(setup("help"), ["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.out, /usage: swarm-move-workspace\.sh/);
  assert.deepEqual(r.calls, []);
});

test("bad arguments exit 2 with a reason, before any docker call", () => {
  const cases: [string[], RegExp, Record<string, string>?][] = [
    [[], /expected <workspace-id> <target-node>/],
    [["ws1"], /expected <workspace-id> <target-node>/],
    [["ws1", "nodeb", "extra", "--from", A, "--to", B], /expected/],
    [["--from", A, "ws1", "nodeb"], /--from and --to .* are required/],
    [["--to", B, "ws1", "nodeb"], /required/],
    [["--from"], /--from needs a value/],
    [["--bogus", "ws1", "nodeb"], /unknown option --bogus/],
    [["--from", A, "--to", B, "../etc", "nodeb"], /not a workspace id/],
    [["--from", A, "--to", B, "ws1;rm", "nodeb"], /not a workspace id/],
    [["--from", A, "--to", B, "-x", "nodeb"], /unknown option/],
    [["--from", A, "--to", B, "ws1", "node b"], /not a node ID or hostname/],
    [["--from", "/run/a.sock", "--to", B, "ws1", "nodeb"], /not an engine address/],
    [["--from", A, "--to", "tcp://b;touch x", "ws1", "nodeb"], /not an engine address/],
    [["--from", A, "--to", "http://b:2375", "ws1", "nodeb"], /not an engine address/],
    [["--from", A, "--to", A, "ws1", "nodeb"], /the same engine/],
    [[...ok, "--image", "bad image"], /expected|not an image/],
    [["--image", "a b", ...ok], /not an image name/],
    [ok, /no manager/, { DOCKER_HOST: "" }],
    [["--manager", "manager:2375", ...ok], /not an engine address/],
  ];
  for (const [args, message, env] of cases) {
    const dir = setup(`bad-${cases.findIndex((c) => c[0] === args)}`);
    const r = move(dir, args, env);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.out}`);
    assert.match(r.out, message, args.join(" "));
    assert.deepEqual(r.calls, [], `${args.join(" ")} called docker`);
  }
});

test("a move: stop, copy each volume with its labels, repin label and constraint, start again", () => {
  const dir = setup("move");
  const r = move(dir, ok);
  assert.equal(r.code, 0, r.out);
  const changes = r.calls.filter((c) => / (service update|volume create|volume rm|run --rm)/.test(c));
  const stop = changes.findIndex((c) => c === `${MGR} service update --detach --replicas 0 kalpana-ws-ws1`);
  const repin = changes.findIndex((c) => c.includes("--constraint-add"));
  assert.equal(stop, 0, changes.join("\n"));
  assert.equal(
    changes[repin],
    `${MGR} service update --detach --label-add kalpana.node=NODEB --container-label-add kalpana.node=NODEB ` +
      "--constraint-rm node.id==NODEA --constraint-add node.id==NODEB kalpana-ws-ws1",
  );
  assert.equal(changes.at(-1), `${MGR} service update --detach --replicas 1 kalpana-ws-ws1`);
  for (const k of ["workspace", "home", "nix"]) {
    const v = `kalpana-ws1-${k}`;
    const create = changes.findIndex(
      (c) => c === `${B} volume create --label kalpana.owner=u1 --label kalpana.workspace=ws1 ${v}`,
    );
    assert.ok(create > stop && create < repin, `${v} created on B between stop and repin`);
    assert.ok(
      changes.includes(
        `${A} run --rm --network none --user 0:0 --entrypoint tar -v ${v}:/v:ro reg:5000/kalpana/workspace:abc --numeric-owner -C /v -cf - .`,
      ),
    );
    assert.equal(
      readFileSync(path.join(dir, `copied-NODEB-${v}`), "utf8"),
      "tar-of-NODEA",
      `${v} piped A → B`,
    );
  }
  assert.ok(!r.calls.some((c) => c.startsWith(`${A} volume rm`)), "source volumes are kept");
  assert.match(r.out, /docker volume rm kalpana-ws1-workspace kalpana-ws1-home kalpana-ws1-nix/);
});

test("a stopped workspace stays stopped; --dry-run changes nothing and prints the commands", () => {
  const stopped = move(setup("stopped"), ok, { FAKE_REPLICAS: "0" });
  assert.equal(stopped.code, 0, stopped.out);
  assert.ok(!stopped.calls.some((c) => c.includes("--replicas 1")));

  const dir = setup("dry");
  const dry = move(dir, ["--dry-run", ...ok]);
  assert.equal(dry.code, 0, dry.out);
  assert.ok(
    !dry.calls.some((c) => / (service update|volume create|volume rm|run --rm)/.test(c)),
    dry.calls.join("\n"),
  );
  assert.match(dry.out, /docker service update --detach --replicas 0 kalpana-ws-ws1/);
  assert.match(dry.out, /--constraint-rm node\.id==NODEA --constraint-add node\.id==NODEB/);
});

test("refusals on the way: wrong engine, target not ready, volumes already there, a copy that differs", () => {
  const changed = (calls: string[]) =>
    calls.filter((c) => / (service update|volume create|run --rm)/.test(c));
  // --from must be the node the workspace lives on (else another node's volumes would be copied).
  const swapped = move(setup("swapped"), ["--from", B, "--to", A, "ws1", "nodeb"]);
  assert.equal(swapped.code, 1);
  assert.match(swapped.out, /--from is node NODEB, but kalpana-ws-ws1 lives on NODEA/);
  assert.deepEqual(changed(swapped.calls), []);

  const same = move(setup("same"), ["--from", A, "--to", B, "ws1", "nodea"]);
  assert.match(same.out, /on nodea already/);
  assert.deepEqual(changed(same.calls), []);

  const drained = move(setup("drained"), ok, { FAKE_TARGET_STATE: "ready drain" });
  assert.match(drained.out, /not ready and active/);
  assert.deepEqual(changed(drained.calls), []);

  const missing = move(setup("missing"), ["--from", A, "--to", B, "ws2", "nodeb"]);
  assert.match(missing.out, /no service kalpana-ws-ws2/);

  const there = move(setup("there", { targetVolumes: true }), ok);
  assert.equal(there.code, 1);
  assert.match(there.out, /exists on the target already \(--overwrite replaces it\)/);
  assert.deepEqual(changed(there.calls), []);
  const overwrite = move(setup("overwrite", { targetVolumes: true }), ["--overwrite", ...ok]);
  assert.equal(overwrite.code, 0, overwrite.out);
  assert.ok(overwrite.calls.includes(`${B} volume rm kalpana-ws1-home`));

  // The copy is checked; a difference leaves the service pinned to the source (and stopped).
  const differ = move(setup("differ"), ok, { FAKE_DIFFER: "1" });
  assert.equal(differ.code, 1);
  assert.match(differ.out, /copy of kalpana-ws1-workspace differs .* the service still points at the source/);
  assert.ok(!differ.calls.some((c) => c.includes("--constraint-add")));
});
