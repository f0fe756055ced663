// All settings come from environment variables, parsed by ONE zod schema. Embedded defaults need no
// configuration: secrets the server needs are generated on first run and kept in the data folder (0600).
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ensurePrivateDir } from "./db/private-files";
import { databaseUrlFrom, dataDirFrom } from "./db/url";
import { galleryUrlOk } from "./extensions/gallery";
import { isIpList } from "./http/ip-list";
import { type Origins, OriginsError, resolveOrigins } from "./origins";
import { peekProcessSlot, processSlot } from "./process-state";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes encoded as base64");

export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: int(1, 65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    KALPANA_PUBLIC_URL: z.url().optional(),
    /** IDE origins are <workspace id>.<this> (default: the app's host). Needs wildcard DNS + TLS. */
    KALPANA_WORKSPACE_DOMAIN: z.string().min(1).optional(),
    /** Port previews are <port>--<workspace id>.<this> (default: the workspace domain). */
    KALPANA_PREVIEW_DOMAIN: z.string().min(1).optional(),
    /** Trusted single-user installs only: IDE and previews on the app's origin (/w/<id>/ide). */
    KALPANA_UNSAFE_SAME_ORIGIN_IDE: bool.default(false),
    KALPANA_DATA_DIR: z.string().min(1).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgres:// (PostgreSQL)")
      .optional(),
    BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    KALPANA_ENCRYPTION_KEY: base64Key.optional(),
    GITHUB_CLIENT_ID: z.string().min(1).optional(),
    GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
    GITHUB_URL: z.url().default("https://github.com"),
    GITHUB_API_URL: z.url().default("https://api.github.com"),
    KALPANA_LOCAL_SIGNIN: bool.optional(),
    OPENROUTER_API_KEY: z.string().min(1).optional(),
    OPENROUTER_BASE_URL: z.url().default("https://openrouter.ai/api/v1"),
    KALPANA_MODELS: z
      .string()
      .default("anthropic/claude-sonnet-4.5,openai/gpt-5,google/gemini-2.5-pro,moonshotai/kimi-k2")
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    KALPANA_AGENT_MAX_STEPS: int(1, 200).default(25),
    /** Checkpoint the workspace's files before and after each answer, so it can be undone. */
    KALPANA_AGENT_CHECKPOINTS: bool.default(true),
    /** Model for the one title call after a thread's first answer; unset = the thread's own model. */
    KALPANA_TITLE_MODEL: z.string().min(1).max(200).optional(),
    KALPANA_WORKSPACE_IMAGE: z.string().min(1).optional(),
    KALPANA_WORKSPACE_MEMORY_MB: int(256, 65536).default(2048),
    KALPANA_WORKSPACE_CPUS: z.coerce.number().min(0.25).max(64).default(2),
    KALPANA_WORKSPACE_PIDS: int(64, 65536).default(1024),
    /** Size of each workspace volume's own filesystem (GiB, sparse; runtime/docker/disks.ts). 0 = no limit. */
    KALPANA_WORKSPACE_DISK_GIB: z.coerce.number().min(0).max(16384).default(10),
    /** Where those filesystem images live, on the Docker engine's host. */
    KALPANA_DISK_DIR: z.string().startsWith("/").default("/var/lib/kalpana/disks"),
    /** Where new volumes' links to their loop devices live: a tmpfs (/run on systemd hosts), so a
     * reboot, which renumbers loop devices, leaves no link naming another workspace's disk. */
    KALPANA_DISK_LINK_DIR: z.string().startsWith("/").default("/run/kalpana-disks"),
    KALPANA_MAX_RUNNING_PER_USER: int(1, 1000).default(3),
    KALPANA_MAX_RUNNING_TOTAL: int(1, 10000).default(20),
    KALPANA_IDLE_TIMEOUT_MIN: int(1, 10080).default(30),
    /** How often the reconciler compares rows with containers (workspaces/reconcile.ts). */
    KALPANA_RECONCILE_SEC: int(1, 3600).default(30),
    /** SIGTERM: how long requests in flight may take to finish (below Docker's 10 s stop timeout). */
    KALPANA_SHUTDOWN_GRACE_SEC: int(1, 600).default(8),
    /** Administrators' emails (comma-separated, any case) besides the first account. */
    KALPANA_ADMINS: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.email("must be email addresses, separated by commas"))),
    /** Per-user token buckets (requests per minute; the burst equals the rate). */
    KALPANA_RATE_CHAT_PER_MIN: int(1, 10000).default(20),
    KALPANA_RATE_CREATE_PER_MIN: int(1, 10000).default(5),
    KALPANA_RATE_KEY_TEST_PER_MIN: int(1, 10000).default(5),
    /** Chat requests per user and UTC day through the server's own OPENROUTER_API_KEY (0 = no cap). */
    KALPANA_SERVER_KEY_DAILY_LIMIT: int(0, 1_000_000).default(200),
    /** Proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For is believed; none by default. */
    KALPANA_TRUSTED_PROXIES: z
      .string()
      .default("")
      .refine(isIpList, "must be IP addresses or CIDR ranges, separated by commas"),
    KALPANA_NIX_STUB: bool.default(false),
    /** Team templates: <dir>/<id>/template.json + flake.nix, read per request (workspaces/template-folder.ts). */
    KALPANA_TEMPLATES_DIR: z.string().startsWith("/", "must be an absolute path").optional(),
    /** No binary cache reachable: realise Nix envs without substituters. */
    KALPANA_NIX_OFFLINE: bool.default(false),
    /** Where workspaces run: this host's Docker engine, or a Docker Swarm whose manager DOCKER_HOST names (runtime/swarm). */
    KALPANA_RUNTIME: z.enum(["docker", "swarm"]).default("docker"),
    /** Swarm: the registry every node pulls the workspace image from ("host:port"; `npm run images -- --push`). */
    KALPANA_REGISTRY: z
      .string()
      .regex(/^[\w.-]+(:\d+)?$/, "must be host or host:port")
      .optional(),
    /** Swarm: the Docker socket path on every node, for the volume clean-up job of a delete. */
    KALPANA_SWARM_NODE_SOCKET: z
      .string()
      .startsWith("/", "must be an absolute path")
      .default("/var/run/docker.sock"),
    /** One Nix store per host: a template's environment is realised once, shared read-only (runtime/docker/nix-store.ts). */
    KALPANA_SHARED_NIX_STORE: bool.default(false),
    /**
     * Where VS Code extensions come from (web/server/extensions): an Open VSX server (its /api), a
     * company mirror, or "off". https only, except http on localhost (tests, a local mirror).
     */
    KALPANA_EXTENSION_GALLERY: z
      .string()
      .default("https://open-vsx.org")
      .refine(galleryUrlOk, 'must be "off", an https URL, or http://localhost / 127.0.0.1'),
    /** Tests only: extra git hosts ("host:port,...") workspaces may clone from besides GITHUB_URL. */
    KALPANA_ALLOWED_GIT_HOSTS: z.string().default(""),
    /** Extra labels ("k=v,...") on workspace containers and volumes; tests mark theirs kalpana.test=1. */
    KALPANA_EXTRA_LABELS: z.string().default(""),
    KALPANA_DOCKER_HOST_GATEWAY: z.string().optional(),
    /** Bearer token Prometheus sends to scrape /metrics; unset = no /metrics (404). */
    KALPANA_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    /** Read by the logger itself (log/log.ts); listed here so a bad value stops startup. */
    KALPANA_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    KALPANA_LOG_PRETTY: bool.default(false),
  })
  .superRefine((c, ctx) => {
    if (Boolean(c.GITHUB_CLIENT_ID) !== Boolean(c.GITHUB_CLIENT_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [c.GITHUB_CLIENT_ID ? "GITHUB_CLIENT_SECRET" : "GITHUB_CLIENT_ID"],
        message: "GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET must be set together",
      });
    }
  });

export type RawConfig = z.infer<typeof configSchema>;
export type Config = RawConfig & {
  publicUrl: string;
  origins: Origins;
  databaseUrl: string;
  authSecret: string;
  encryptionKey: string;
  githubConfigured: boolean;
  localSignIn: boolean;
};

export class ConfigError extends Error {}

/** Formats zod issues as "VARIABLE: message" lines, so a bad value is easy to find. */
export function describeConfigIssues(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join(".") || "(config)"}: ${i.message}`).join("\n");
}

function readOrCreateSecret(dataDir: string, file: string, make: () => string): string {
  const p = path.join(dataDir, file);
  ensurePrivateDir(dataDir, true);
  if (existsSync(p)) {
    chmodSync(p, 0o600); // an older install may have left it readable
    return readFileSync(p, "utf8").trim();
  }
  const value = make();
  writeFileSync(p, `${value}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(p, 0o600);
  return value;
}

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${describeConfigIssues(parsed.error)}`);
  }
  const c = parsed.data;
  const dataDir = dataDirFrom(env);
  const githubConfigured = Boolean(c.GITHUB_CLIENT_ID);
  // Subdomains of kalpana.localhost are same-site with it (those of plain localhost are not).
  const publicUrl = (c.KALPANA_PUBLIC_URL ?? `http://kalpana.localhost:${c.PORT}`).replace(/\/$/, "");
  let origins: Origins;
  try {
    origins = resolveOrigins({
      publicUrl,
      workspaceDomain: c.KALPANA_WORKSPACE_DOMAIN,
      previewDomain: c.KALPANA_PREVIEW_DOMAIN,
      sameOriginIde: c.KALPANA_UNSAFE_SAME_ORIGIN_IDE,
    });
  } catch (err) {
    if (err instanceof OriginsError) throw new ConfigError(`Invalid configuration:\n  ${err.message}`);
    throw err;
  }
  return {
    ...c,
    KALPANA_DATA_DIR: dataDir,
    publicUrl,
    origins,
    databaseUrl: databaseUrlFrom(env),
    authSecret:
      c.BETTER_AUTH_SECRET ??
      readOrCreateSecret(dataDir, "auth-secret", () => randomBytes(32).toString("hex")),
    encryptionKey:
      c.KALPANA_ENCRYPTION_KEY ??
      readOrCreateSecret(dataDir, "encryption-key", () => randomBytes(32).toString("base64")),
    githubConfigured,
    localSignIn: c.KALPANA_LOCAL_SIGNIN ?? !githubConfigured,
  };
}

const CONFIG_SLOT = "config";

/**
 * The process-wide configuration, parsed once per process (a process slot: Next's route bundles
 * see the custom server's copy, generated secrets included). The custom server calls it first so
 * that a bad value stops startup. Nothing is written back into process.env.
 */
export function config(): Config {
  return processSlot(CONFIG_SLOT, () => parseConfig());
}

/** The configuration if something in this process has already parsed it (crypto uses its key). */
export function loadedConfig(): Config | undefined {
  return peekProcessSlot<Config>(CONFIG_SLOT);
}
