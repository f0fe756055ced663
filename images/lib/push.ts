// `npm run images -- --push <host:port>`: puts an image into a registry every Swarm node pulls from
// (docs/SCALING.md). The docker CLI does the push: it honours DOCKER_HOST and the engine's
// registry settings, and the engine trusts a registry on loopback without TLS.
import { run, runOk, runStreamed } from "./run";

/** host or host:port, as KALPANA_REGISTRY takes it (web/server/config.ts). No scheme, no path. */
const REGISTRY = /^[\w.-]+(:\d{1,5})?$/;

type Log = (line: string) => void;

export function validRegistry(registry: string): boolean {
  return REGISTRY.test(registry) && !registry.startsWith("-");
}

/**
 * The names an image gets in a registry: `repo:tag` → `<registry>/repo:tag` and `<registry>/repo:latest`
 * (one name when the tag is latest already).
 */
export function registryRefs(image: string, registry: string): string[] {
  if (!validRegistry(registry)) throw new Error(`registry must be host or host:port, got "${registry}"`);
  const colon = image.lastIndexOf(":");
  if (colon <= 0 || image.slice(colon).includes("/"))
    throw new Error(`image needs a repo:tag name, got "${image}"`);
  const repo = image.slice(0, colon);
  const tags = [...new Set([image.slice(colon + 1), "latest"])];
  return tags.map((t) => `${registry}/${repo}:${t}`);
}

/**
 * Tags `image` for `registry` (see registryRefs) and pushes every name, streaming docker's progress
 * to `log`. The local registry names are removed again afterwards: they are only push handles.
 */
export async function pushImage(image: string, registry: string, log: Log = console.log): Promise<string[]> {
  const refs = registryRefs(image, registry);
  try {
    for (const ref of refs) {
      await runOk("docker", ["tag", image, ref]);
      log(`[push] ${ref}`);
      const started = Date.now();
      await runStreamed("docker", ["push", ref], "push", log);
      log(`[push] ${ref} pushed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    for (const ref of refs) await run("docker", ["rmi", "--no-prune", ref]);
  }
  return refs;
}
