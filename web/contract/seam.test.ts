// The browser/server seam holds: (1) the Biome rule in biome.json refuses an import of web/server
// from browser code and an import of Node or either side from web/contract — shown by linting real
// files placed in those folders; (2) no module reachable from a "use client" file, by any chain of
// imports, lies in web/server (this also covers a client page.tsx, which the lint override skips).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { build } from "esbuild";
import { repoRoot } from "../testing/web-server.fixture";

const web = path.join(repoRoot, "web");
const biome = path.join(repoRoot, "node_modules/.bin/biome");

/** Lints `source` as the file `rel` (under web/) and returns Biome's diagnostics as text, or "" when clean. */
async function lintAs(rel: string, source: string): Promise<string> {
  const file = path.join(web, rel);
  assert.ok(!existsSync(file), `${rel} exists already`);
  writeFileSync(file, source);
  try {
    await promisify(execFile)(biome, ["lint", "--max-diagnostics=50", file], { cwd: repoRoot });
    return "";
  } catch (err) {
    return `${(err as { stdout?: string }).stdout ?? ""}${(err as { stderr?: string }).stderr ?? ""}`;
  } finally {
    rmSync(file, { force: true });
  }
}

const probe = (name: string) => `zz-seam-probe-${process.pid}-${name}`;

describe("the lint rule fires", () => {
  const serverImports = [
    'import { config } from "@/server/config";\nexport const x = config;\n',
    'import type { SessionUser } from "@/server/auth/session";\nexport type X = SessionUser;\n',
    'import { db } from "../server/db/client";\nexport const x = db;\n',
    'export { AppError } from "@/server/errors";\n',
  ];
  for (const folder of ["components", "lib", "app/(app)/dashboard"]) {
    test(`web/${folder}: an import of web/server is an error`, async () => {
      for (const source of serverImports) {
        const out = await lintAs(`${folder}/${probe("client")}.tsx`, `"use client";\n${source}`);
        assert.match(out, /noRestrictedImports/, `${folder}: ${source}`);
        assert.match(out, /never web\/server/);
      }
    });
  }

  test("web/contract: Node built-ins and either side of the seam are errors", async () => {
    for (const source of [
      'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n',
      'import { AppError } from "../server/errors";\nexport const x = AppError;\n',
      'import { api } from "../lib/api";\nexport const x = api;\n',
      'import { cn } from "@/lib/cn";\nexport const x = cn;\n',
    ]) {
      assert.match(
        await lintAs(`contract/${probe("contract")}.ts`, source),
        /web\/contract is the browser/,
        source,
      );
    }
  });

  test("what the seam allows stays clean", async () => {
    const out = await lintAs(
      `components/${probe("ok")}.tsx`,
      '"use client";\nimport { z } from "zod";\nimport { api } from "@/lib/api";\nimport { workspaceViewSchema } from "@/contract/workspaces";\nexport const x = [z, api, workspaceViewSchema];\n',
    );
    assert.equal(out, "");
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

test("nothing a client component reaches, by any chain of imports, lies in web/server", async () => {
  const roots = ["app", "components", "lib"]
    .flatMap((d) => sourceFiles(path.join(web, d)))
    .filter((f) => /^\s*["']use client["']/.test(readFileSync(f, "utf8")));
  assert.ok(roots.length > 20, `only ${roots.length} client components found`);
  // esbuild parses every file and resolves "@/…" through web/tsconfig.json; packages stay outside.
  const { metafile } = await build({
    entryPoints: roots,
    absWorkingDir: repoRoot,
    tsconfig: path.join(web, "tsconfig.json"),
    bundle: true,
    write: false,
    metafile: true,
    outdir: path.join(repoRoot, ".seam-probe-out"),
    packages: "external",
    jsx: "automatic",
    logLevel: "silent",
  });
  const via = new Map<string, string>(roots.map((f) => [path.relative(repoRoot, f), ""]));
  const queue = [...via.keys()];
  while (queue.length) {
    const file = queue.shift()!;
    for (const { path: target, external } of metafile.inputs[file]?.imports ?? []) {
      if (external || via.has(target)) continue;
      via.set(target, file);
      queue.push(target);
    }
  }
  const chain = (f: string): string[] => (via.get(f) ? [...chain(via.get(f)!), f] : [f]);
  const server = [...via.keys()].filter((f) => f.startsWith("web/server/"));
  assert.deepEqual(
    server.map((f) => chain(f).join(" → ")),
    [],
    "client code reaches web/server",
  );
  // The walk really follows imports: client components reach the contract through web/lib.
  assert.ok(via.has("web/contract/errors.ts"), [...via.keys()].join("\n"));
});
