// Thin route handlers: parse input with zod, check the session, call a domain function, shape the reply.
// Every failure becomes a JSON error with a status; internal details are logged, never returned.
import type { z } from "zod";
import { requireSession, type SessionUser } from "../auth/session";
import { AppError } from "../errors";
import { logger } from "../log/log";

const log = logger("api");

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

export function handle<P = Record<string, string>>(
  fn: (req: Request, params: P) => Promise<Response | unknown>,
): Handler<P> {
  return async (req, ctx) => {
    try {
      const result = await fn(req, (await ctx?.params) ?? ({} as P));
      return result instanceof Response ? result : Response.json(result ?? { ok: true });
    } catch (err) {
      if (err instanceof AppError) return err.toResponse();
      log.error({ err, method: req.method, path: new URL(req.url).pathname }, "request failed");
      return new AppError("internal", "Something went wrong on our side. Please try again.").toResponse();
    }
  };
}

/** Like handle(), for routes that need a signed-in user. */
export function authed<P = Record<string, string>>(
  fn: (req: Request, user: SessionUser, params: P) => Promise<Response | unknown>,
): Handler<P> {
  return handle<P>(async (req, params) => fn(req, await requireSession(req.headers), params));
}

export const MAX_BODY_BYTES = 1024 * 1024;
const tooLarge = () => new AppError("payload_too_large", "Request body is too large (max 1 MiB)");

/**
 * The body as text, read chunk by chunk and abandoned as soon as it passes `max` bytes: a huge or
 * endless upload costs at most `max` bytes of memory and is answered 413 at once. A declared
 * Content-Length above the cap is refused before reading anything.
 */
export async function readBodyText(req: Request, max = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (declared > max) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined); // stop the upload; the answer is already decided
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const text = await readBodyText(req);
  let value: unknown;
  try {
    value = text ? JSON.parse(text) : {};
  } catch {
    throw new AppError("invalid_argument", "Request body is not valid JSON");
  }
  return parseInput(schema, value);
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    throw new AppError(
      "invalid_argument",
      `${where}${first?.message ?? "invalid input"}`,
      parsed.error.issues,
    );
  }
  return parsed.data;
}

export function searchParams<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  return parseInput(schema, Object.fromEntries(new URL(req.url).searchParams));
}
