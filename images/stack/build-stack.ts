// Builds the production stack's own images (web, postgres, proxy) with the machinery of the workspace
// images: debian:bookworm-slim is pulled or, where nothing can be pulled, bootstrapped offline
// (lib/bootstrap.ts), and the build host's extra CAs are passed in (a build context cannot reach
// /usr/local/share/ca-certificates). docker-compose.yml names the same tags and Dockerfiles, so where
// pulls work `docker compose build` makes the same images without this script.
import { readFileSync } from "node:fs";
import { DEBIAN_BASE_IMAGE } from "../constants";
import { ensureDebianBase } from "../lib/bootstrap";
import { hostCaFiles } from "../lib/context";
import { imageSize, mib } from "../lib/docker";
import { runStreamed } from "../lib/run";

/** Service → image tag and Dockerfile (relative to the repo root, which is the build context). */
export const STACK_IMAGES = {
  web: { tag: "kalpana/web:latest", dockerfile: "images/web/Dockerfile" },
  postgres: { tag: "kalpana/postgres:latest", dockerfile: "images/postgres/Dockerfile" },
  proxy: { tag: "kalpana/proxy:latest", dockerfile: "images/proxy/Dockerfile" },
} as const;

export type StackService = keyof typeof STACK_IMAGES;

export interface StackImage {
  service: StackService;
  tag: string;
  seconds: number;
  sizeMiB: number;
}

type Log = (line: string) => void;

export async function buildStackImages(
  repoRoot: string,
  log: Log = console.log,
  services: StackService[] = ["postgres", "proxy", "web"],
): Promise<StackImage[]> {
  const from = process.env.KALPANA_BASE_FROM ?? DEBIAN_BASE_IMAGE;
  await ensureDebianBase(from, log);
  const cas = hostCaFiles()
    .map((f) => readFileSync(f, "utf8").trim())
    .join("\n");
  const out: StackImage[] = [];
  for (const service of services) {
    const { tag, dockerfile } = STACK_IMAGES[service];
    const started = Date.now();
    const args = ["build", "-t", tag, "-f", dockerfile, "--build-arg", `BASE_IMAGE=${from}`];
    if (service === "web") args.push("--build-arg", `EXTRA_CA_CERTS=${cas}`);
    args.push("--label", "kalpana.stack=1", repoRoot);
    log(`[stack] building ${tag}`);
    await runStreamed("docker", args, service, log);
    const seconds = (Date.now() - started) / 1000;
    out.push({ service, tag, seconds, sizeMiB: mib(await imageSize(tag)) });
  }
  return out;
}
