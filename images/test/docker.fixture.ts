// Docker gate for image tests: skip ONLY when Docker is absent AND $CI is unset; in CI a
// missing Docker is a failure, never a silent skip.
import type { TestContext } from "node:test";
import { dockerAvailable } from "../lib/docker";

let available: Promise<boolean> | undefined;

/** Resolves true when the test may use Docker; otherwise skips it (or throws in CI). */
export async function requireDocker(t: TestContext): Promise<boolean> {
  available ??= dockerAvailable();
  if (await available) return true;
  if (process.env.CI) throw new Error("Docker is required in CI but `docker info` failed");
  t.skip("Docker is not available (set CI=1 to make this a failure)");
  return false;
}
