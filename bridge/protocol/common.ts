import { z } from "zod";

// Stable error codes: callers (the web app, the agent's tools) branch on these, so never rename one.
export const ERROR_CODES = [
  "ENOENT",
  "EOUTSIDE",
  "EEXIST",
  "ETOOLARGE",
  "ETIMEOUT",
  "ECANCELLED",
  "EINVAL",
  "EAUTH",
  "EBUSY",
  "ENOTDIR",
  "EISDIR",
  "ENOTEMPTY",
  "EGIT",
  // The workspace's own disk (runtime/docker/disks.ts) is full: only that workspace is affected.
  "ENOSPC",
  "EINTERNAL",
  // Only produced by the client library: the bridge could not be reached or went away mid-call.
  "EUNAVAILABLE",
  // Only produced by the client library: the bridge's reply or event broke the protocol
  // (malformed, for another id, out of order, over a cap). The bridge is untrusted input.
  "EPROTO",
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({ code: ErrorCode, message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

// Ids are chosen by the caller so that it can correlate replies and stream events with its request.
export const RequestId = z.string().min(1).max(128);

/** Path as the caller sees it: relative to the workspace root, or absolute inside it. */
export const WorkspacePath = z.string().max(4096);

export const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

/** `{ id, ok: true, data }` or `{ id, ok: false, error }`: every reply has this shape. */
export function replySchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion("ok", [
    z.object({ id: z.string().nullable(), ok: z.literal(true), data }),
    z.object({ id: z.string().nullable(), ok: z.literal(false), error: ErrorBody }),
  ]);
}
export type Reply<T> =
  | { id: string | null; ok: true; data: T }
  | { id: string | null; ok: false; error: ErrorBody };

/** A git credential handed over for ONE call; it only ever reaches that git child's environment. */
export const GitCredentials = z.object({
  username: z.string().max(1024).default("x-access-token"),
  password: z.string().min(1).max(8192),
});
