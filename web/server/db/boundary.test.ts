// The data layer's boundary: outside web/server/db/, no module of the server or the app calls
// `db()`, imports the `db` client, or imports Prisma (the generated clients or @prisma/*). Domain
// code goes through the repositories; their transaction handles (Db, Tx, Queryable from db/) are
// the only database types it sees. Tests and fixtures may look at rows directly, so they are not
// scanned. The checker itself is tested on samples, so a blind scanner cannot pass.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { transformSync } from "esbuild";
import { repoRoot } from "../../testing/web-server.fixture";

const web = path.join(repoRoot, "web");
const dataLayer = path.join(web, "server/db");
const generated = path.join(web, "generated");
const client = path.join(dataLayer, "client");

// `import … from "x"`, `export … from "x"`, `import("x")`, `import "x"`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;
const DYNAMIC = /\bimport\s*\(\s*["']([^"']+)["']/g;
// The names an `import { … } from "x"` binds, with the statement's specifier.
const NAMED = /\bimport\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*["']([^"']+)["']/g;

function resolve(file: string, spec: string): string | null {
  if (spec.startsWith("@/")) return path.join(web, spec.slice(2));
  if (spec.startsWith(".")) return path.resolve(path.dirname(file), spec);
  return null;
}
const strip = (p: string) => p.replace(/\.(tsx?|m?js)$/, "").replace(/\/index$/, "");
const isPrisma = (file: string, spec: string) => {
  const target = resolve(file, spec);
  return spec.startsWith("@prisma/") || (target !== null && `${target}/`.startsWith(`${generated}/`));
};
const isClient = (file: string, spec: string) => {
  const target = resolve(file, spec);
  return target !== null && strip(target) === client;
};

/** What `source` (the file at `file`) does that only web/server/db/ may do; [] when nothing. */
export function violations(file: string, source: string): string[] {
  const found: string[] = [];
  for (const [, spec] of source.matchAll(SPECIFIER))
    if (spec && isPrisma(file, spec)) found.push(`imports Prisma (${spec})`);
  for (const [, spec] of source.matchAll(DYNAMIC))
    if (spec && isClient(file, spec)) found.push(`imports the client module at run time (${spec})`);
  for (const [, names, spec] of source.matchAll(NAMED)) {
    if (!names || !spec || !isClient(file, spec)) continue;
    const bound = names.split(",").map(
      (n) =>
        n
          .trim()
          .replace(/^type\s+/, "")
          .split(/\s+as\s+/)[0],
    );
    if (bound.includes("db")) found.push(`imports db from ${spec}`);
  }
  // Comments and types gone (esbuild), so only real calls count.
  const code = transformSync(source, { loader: file.endsWith(".tsx") ? "tsx" : "ts", jsx: "preserve" }).code;
  if (/(?<![\w$.])db\s*\(\s*\)/.test(code)) found.push("calls db()");
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.(test|fixture)\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !`${f}`.startsWith(`${dataLayer}/`));
}

describe("the checker", () => {
  const at = path.join(web, "server/agent/x.ts");
  const cases: [string, string, boolean][] = [
    ["a db() call", 'import { db } from "../db/client";\nexport const n = () => db().user.count();\n', true],
    ["a renamed db import", 'import { db as d } from "../db/client";\nexport const c = d;\n', true],
    ["the app's alias", 'import { db } from "@/server/db/client";\nexport const c = db;\n', true],
    [
      "a Prisma type",
      'import type { Prisma } from "../../generated/prisma/client";\nexport type J = Prisma.JsonValue;\n',
      true,
    ],
    ["the Postgres client", 'export * from "../../generated/prisma-postgres/client";\n', true],
    [
      "a Prisma package",
      'import { PrismaPg } from "@prisma/adapter-pg";\nexport const p = PrismaPg;\n',
      true,
    ],
    [
      "a dynamic import of the client",
      'export const c = async () => (await import("../db/client")).db();\n',
      true,
    ],
    ["a repository", 'import { listThreads } from "../db/threads";\nexport const l = listThreads;\n', false],
    [
      "a transaction handle",
      'import type { Db } from "../db/client";\nimport { inTx } from "../db/tx";\nexport const t = (c?: Db) => inTx(async () => 1, c);\n',
      false,
    ],
    ["db() in a comment", "// never call db() here\nexport const x = 1;\n", false],
    ["a method named db", "const o = { db: () => 1 };\nexport const x = o.db();\n", false],
  ];
  for (const [name, source, bad] of cases)
    test(`${name}: ${bad ? "refused" : "allowed"}`, () => {
      assert.equal(violations(at, source).length > 0, bad, violations(at, source).join("; "));
    });
});

test("outside web/server/db/, nothing in web/server, web/app or web/server.ts reaches the database itself", () => {
  const files = [
    ...sources(path.join(web, "server")),
    ...sources(path.join(web, "app")),
    path.join(web, "server.ts"),
  ];
  assert.ok(files.length > 100, `scanned ${files.length} files`);
  const found = files.flatMap((f) =>
    violations(f, readFileSync(f, "utf8")).map((v) => `${path.relative(repoRoot, f)}: ${v}`),
  );
  assert.deepEqual(found, []);
});
