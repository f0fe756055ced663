import { spawn, spawnSync } from "node:child_process";

const run = (args: string[]) => spawnSync("docker", args, { encoding: "utf8", timeout: 60_000 });

/**
 * A throwaway container for the `docker exec` baseline, or a reason why there is none.
 * Any local image will do (nothing can be pulled here): the cost measured is docker's.
 */
export function startThrowaway(): { id: string; image: string } | { skip: string } {
  if (run(["info"]).status !== 0) return { skip: "docker is not available (`docker info` failed)" };
  const images = run(["images", "--format", "{{.Repository}}:{{.Tag}}"])
    .stdout.split("\n")
    .filter((i) => i && !i.includes("<none>"));
  const preferred = ["debian:bookworm-slim", "kalpana/base:latest", "kalpana/workspace:latest"];
  const image = preferred.find((p) => images.includes(p)) ?? images[0];
  if (!image) return { skip: "no local docker image to start a container from" };
  const r = run([
    "run",
    "-d",
    "--rm",
    "--entrypoint",
    "sleep",
    "--label",
    "kalpana.bench=bridge",
    image,
    "infinity",
  ]);
  if (r.status !== 0)
    return { skip: `could not start a container from ${image}: ${r.stderr.trim().slice(0, 200)}` };
  return { id: r.stdout.trim(), image };
}

export function dockerExecTrue(id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("docker", ["exec", id, "true"], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`docker exec exited ${code}`))));
  });
}

export function stopThrowaway(id: string): void {
  run(["rm", "-f", id]);
}
