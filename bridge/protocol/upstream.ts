import { z } from "zod";

// The bridge's HTTP front for what runs in the workspace: code-server (on a unix socket, never a TCP
// port) and the person's dev servers (127.0.0.1/::1 inside the container). The control plane presents
// the workspace's secret in UPSTREAM_SECRET_HEADER on every request and upgrade; without it nothing
// but an empty /healthz answers. Both headers are removed before the request goes further.
export const UPSTREAM_SECRET_HEADER = "x-kalpana-bridge-secret";
export const UPSTREAM_TARGET_HEADER = "x-kalpana-target";
/** Set on the bridge's own 502s: "refused" (nothing listens) or "error" (anything else). */
export const UPSTREAM_ERROR_HEADER = "x-kalpana-upstream-error";

export const PreviewPort = z.number().int().min(1).max(65535);

/** "ide" → code-server; "port:<n>" → a dev server on port n inside the container. */
export const UpstreamTarget = z.union([
  z.literal("ide").transform(() => ({ kind: "ide" as const })),
  z
    .string()
    .regex(/^port:\d{1,5}$/)
    .transform((s) => ({ kind: "port" as const, port: Number(s.slice(5)) }))
    .pipe(z.object({ kind: z.literal("port"), port: PreviewPort })),
]);
export type UpstreamTarget = z.output<typeof UpstreamTarget>;

export const formatTarget = (t: UpstreamTarget): string => (t.kind === "ide" ? "ide" : `port:${t.port}`);
