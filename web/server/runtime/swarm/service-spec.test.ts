// The workspace service's volume mounts: with disks on, each carries the driver options that make the
// node create it as the workspace's own filesystem (docker/disks.ts); with disks off, plain volumes.
import assert from "node:assert/strict";
import { test } from "node:test";
import type Docker from "dockerode";
import { ensureHelperSpec, isDiskOptions, legacyDiskLinkPath, releaseHelperSpec } from "../docker/disks";
import { serviceSpec } from "./service-spec";

const spec = {
  workspaceId: "w1",
  ownerId: "u1",
  image: "img",
  memoryMb: 512,
  cpus: 1,
  pidsLimit: 256,
  env: {},
};
const disks = { gib: 10, dir: "/var/lib/kalpana/disks", linkDir: "/run/kalpana-disks" };
const volumeMounts = (s: Docker.CreateServiceOptions) =>
  ((s.TaskTemplate as Docker.ContainerTaskSpec).ContainerSpec?.Mounts ?? []).filter(
    (m) => m.Type === "volume",
  );

test("disks on: every volume mount names its own ext4 filesystem; off: plain volumes", () => {
  const on = volumeMounts(serviceSpec(spec, "img", "n1", disks));
  assert.equal(on.length, 3);
  for (const m of on) {
    const opts = m.VolumeOptions?.DriverConfig?.Options as Record<string, string>;
    assert.equal(m.VolumeOptions?.DriverConfig?.Name, "local");
    // The link on the tmpfs a reboot empties, never beside the image (docs/SECURITY.md).
    assert.deepEqual(opts, { type: "ext4", device: `${disks.linkDir}/${m.Source}.dev` });
    assert.ok(isDiskOptions(opts, disks));
    assert.deepEqual(m.VolumeOptions?.Labels, { "kalpana.workspace": "w1", "kalpana.owner": "u1" });
  }
  for (const m of volumeMounts(serviceSpec(spec, "img", "n1")))
    assert.equal(m.VolumeOptions?.DriverConfig, undefined);
});

test("the disk helpers a node job starts get the disk folder and the loop devices, never an engine socket", () => {
  for (const h of [
    ensureHelperSpec(disks, "w1", ["workspace"], "img", {}),
    releaseHelperSpec(disks, "w1", ["workspace"], "img", {}),
  ]) {
    assert.deepEqual(h.HostConfig?.Binds, [
      `${disks.dir}:${disks.dir}`,
      `${disks.linkDir}:${disks.linkDir}`,
      "/dev:/dev",
    ]);
    assert.equal(h.HostConfig?.NetworkMode, "none");
    assert.equal(h.HostConfig?.Privileged, undefined);
    assert.deepEqual(h.HostConfig?.CapAdd, ["SYS_ADMIN"]);
  }
});

test("both link locations are disk volumes; the helpers re-link where the volume names its link", () => {
  const legacy = legacyDiskLinkPath(disks, "w1", "workspace");
  assert.equal(legacy, "/var/lib/kalpana/disks/kalpana-w1-workspace.dev");
  assert.ok(isDiskOptions({ type: "ext4", device: legacy }, disks), "made before KALPANA_DISK_LINK_DIR");
  assert.ok(isDiskOptions({ type: "ext4", device: "/run/kalpana-disks/kalpana-w1-workspace.dev" }, disks));
  assert.equal(isDiskOptions({ type: "ext4", device: "/dev/sda1" }, disks), false);
  assert.equal(isDiskOptions({ type: "ext4", device: "/run/kalpana-disks-x/a.dev" }, disks), false);
  const img = "/var/lib/kalpana/disks/kalpana-w1-workspace.img";
  // Image and link pairs: the default link under the link folder, an older volume's own link kept.
  assert.deepEqual(ensureHelperSpec(disks, "w1", ["workspace"], "img", {}).Cmd?.slice(1), [
    img,
    "/run/kalpana-disks/kalpana-w1-workspace.dev",
  ]);
  assert.deepEqual(
    ensureHelperSpec(disks, "w1", ["workspace"], "img", {}, { workspace: legacy }).Cmd?.slice(1),
    [img, legacy],
  );
});
