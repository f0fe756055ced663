// The few docker CLI calls the image build needs. The CLI (not the API socket) is used on
// purpose: it is what an operator would type, and it honours DOCKER_HOST/contexts.
import { run, runOk } from "./run";

export async function dockerAvailable(): Promise<boolean> {
  try {
    return (await run("docker", ["info", "--format", "{{.ServerVersion}}"])).code === 0;
  } catch {
    return false;
  }
}

export async function imageExists(ref: string): Promise<boolean> {
  return (await run("docker", ["image", "inspect", ref, "--format", "{{.Id}}"])).code === 0;
}

/** Size in bytes as Docker reports it (all layers, shared ones included). */
export async function imageSize(ref: string): Promise<number> {
  return Number((await runOk("docker", ["image", "inspect", ref, "--format", "{{.Size}}"])).trim());
}

export async function tagImage(source: string, target: string): Promise<void> {
  await runOk("docker", ["tag", source, target]);
}

export function mib(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
