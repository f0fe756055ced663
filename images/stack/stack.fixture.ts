// Helpers for the stack smoke test: a throwaway CA and a wildcard certificate from it (openssl, as an
// operator would), a compose runner for a private project, and the test's .env.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";

import { repoRoot } from "../../scripts/repo-root";

export { repoRoot };

export interface TestCerts {
  dir: string;
  caPem: string;
  /** base64 SHA-256 of the leaf's SubjectPublicKeyInfo: what --ignore-certificate-errors-spki-list takes. */
  leafSpki: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

/** A CA and one leaf for `names` (wildcards allowed), as fullchain.pem + privkey.pem in `dir`. */
export function makeTestCerts(dir: string, names: string[]): TestCerts {
  mkdirSync(dir, { recursive: true });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "2",
      "-subj",
      "/CN=Kalpana stack test CA",
    ],
    dir,
  );
  openssl(["req", ...ec, "-keyout", "privkey.pem", "-out", "leaf.csr", "-subj", `/CN=${names[0]}`], dir);
  writeFileSync(
    path.join(dir, "leaf.ext"),
    `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`,
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "leaf.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "2",
    ].concat(["-extfile", "leaf.ext", "-out", "leaf.pem"]),
    dir,
  );
  const leaf = readFileSync(path.join(dir, "leaf.pem"), "utf8");
  const caPem = readFileSync(path.join(dir, "ca.pem"), "utf8");
  writeFileSync(path.join(dir, "fullchain.pem"), leaf + caPem);
  const spki = new X509Certificate(leaf).publicKey.export({ type: "spki", format: "der" });
  return { dir, caPem, leafSpki: createHash("sha256").update(spki).digest("base64") };
}

/** `docker compose` (v2) where installed, else docker-compose 1.29: the file must work with both. */
function composeCommand(): string[] {
  return spawnSync("docker", ["compose", "version"], { stdio: "ignore" }).status === 0
    ? ["docker", "compose"]
    : ["docker-compose"];
}

export interface Compose {
  project: string;
  /** Runs a compose command; throws with its output on failure. */
  run: (args: string[], timeoutMs?: number) => string;
  /** The container id of a service ('' when it has none). */
  id: (service: string) => string;
}

export function compose(project: string, envFile: string, files: string[]): Compose {
  const [cmd, ...pre] = composeCommand() as [string, ...string[]];
  const base = [...pre, "--project-name", project, "--project-directory", repoRoot, "--env-file", envFile];
  for (const f of files) base.push("-f", f);
  const run = (args: string[], timeoutMs = 300_000) => {
    const r = spawnSync(cmd, [...base, ...args], { cwd: repoRoot, encoding: "utf8", timeout: timeoutMs });
    if (r.status !== 0) {
      throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    }
    return r.stdout;
  };
  return { project, run, id: (service) => run(["ps", "-q", service]).trim() };
}

export function docker(args: string[]): string {
  return execFileSync("docker", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

export function writeEnvFile(file: string, env: Record<string, string>): void {
  writeFileSync(
    file,
    `${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n")}\n`,
    { mode: 0o600 },
  );
}

type Reply = { status: number; body: string; headers: http.IncomingHttpHeaders };

/** GET to 127.0.0.1 with the Host header (and TLS server name) `host`. */
function get(url: { tls: boolean; port: number; host: string; path: string; ca?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const opts = {
      host: "127.0.0.1",
      port: url.port,
      path: url.path,
      headers: { host: `${url.host}:${url.port}` },
    };
    const onReply = (res: http.IncomingMessage) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => {
        body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    };
    const req = url.tls
      ? https.get({ ...opts, servername: url.host, ca: url.ca }, onReply)
      : http.get(opts, onReply);
    req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/** GET over TLS as `host`, trusting only `ca` (no ca: the system store). */
export const httpsGet = (port: number, host: string, path: string, ca?: string) =>
  get({ tls: true, port, host, path, ca });

/** GET over plain http as `host`. */
export const httpGet = (port: number, host: string, path: string) => get({ tls: false, port, host, path });
