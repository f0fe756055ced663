// `npm run stack:build [service...]`: builds the stack's images (build-stack.ts); then
// `docker compose up -d` uses them. Docker's build cache makes a rebuild with unchanged inputs quick.
import { repoRoot } from "../../scripts/repo-root";
import { buildStackImages, STACK_IMAGES, type StackService } from "./build-stack";

const asked = process.argv.slice(2);
const unknown = asked.filter((s) => !(s in STACK_IMAGES));
if (unknown.length) {
  console.error(
    `stack: unknown service(s) ${unknown.join(", ")}; known: ${Object.keys(STACK_IMAGES).join(", ")}`,
  );
  process.exit(2);
}

try {
  const built = await buildStackImages(
    repoRoot,
    console.log,
    asked.length ? (asked as StackService[]) : undefined,
  );
  console.log("");
  console.log(`${"image".padEnd(28)}${"size".padEnd(14)}build`);
  for (const b of built)
    console.log(`${b.tag.padEnd(28)}${`${b.sizeMiB} MiB`.padEnd(14)}${b.seconds.toFixed(1)} s`);
} catch (e) {
  console.error(`stack: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
