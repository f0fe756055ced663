// `npm run images`: builds the base and workspace images (idempotent; see lib/build-images.ts).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildImages } from "./lib/build-images";

const imagesDir = path.dirname(fileURLToPath(import.meta.url));

try {
  const r = await buildImages(imagesDir);
  console.log("");
  console.log(`${"image".padEnd(34)}${"size".padEnd(14)}build`);
  for (const img of [r.base, r.workspace]) {
    const how = img.built ? `${img.seconds.toFixed(1)} s` : "up to date";
    console.log(`${img.tag.padEnd(34)}${`${img.sizeMiB} MiB`.padEnd(14)}${how}`);
  }
  console.log(`total ${r.seconds.toFixed(1)} s`);
} catch (e) {
  console.error(`images: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
