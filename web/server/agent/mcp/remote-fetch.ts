// The fetch the AI SDK's HTTP transport uses for a remote MCP server: it reaches ONLY the URL that
// was checked (address.ts), connects to exactly the address that was checked (a pinned lookup: a
// DNS answer that changes afterwards cannot move it inside the network), follows no redirect, and
// cuts off a response larger than the cap and one whose headers do not come in time.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { Readable } from "node:stream";
import type { RemoteTarget } from "./address";

export const MAX_REMOTE_RESPONSE_BYTES = 4 * 1024 * 1024;

export class RemoteRefused extends Error {}

export function pinnedFetch(
  target: RemoteTarget,
  opts: { maxBytes?: number; headersTimeoutMs?: number; onRequest?: () => void } = {},
): typeof fetch {
  const maxBytes = opts.maxBytes ?? MAX_REMOTE_RESPONSE_BYTES;
  const headersTimeoutMs = opts.headersTimeoutMs ?? 130_000;
  const lookup: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all)
      (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    else cb(null, target.address, target.family);
  };
  return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    // The transport only talks to its endpoint; anything else (a metadata URL from a 401) is refused.
    if (url.origin !== target.url.origin || url.pathname !== target.url.pathname)
      throw new RemoteRefused(`only ${target.url.origin}${target.url.pathname} is reached`);
    opts.onRequest?.();
    const headers = new Headers(init.headers);
    const body = init.body == null ? undefined : String(init.body);
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    return await new Promise<Response>((resolve, reject) => {
      const mod = url.protocol === "https:" ? https : http;
      const req = mod.request(url, {
        method: init.method ?? "GET",
        headers: Object.fromEntries(headers.entries()),
        lookup,
        signal,
      });
      const timer = setTimeout(
        () => req.destroy(new Error(`no answer within ${Math.round(headersTimeoutMs / 1000)} s`)),
        headersTimeoutMs,
      );
      req.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.on("response", (res) => {
        clearTimeout(timer);
        let seen = 0;
        res.on("data", (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > maxBytes) res.destroy(new Error(`the response is larger than ${maxBytes} bytes`));
        });
        const status = res.statusCode ?? 502;
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(", ") : v);
        const noBody = status === 204 || status === 304 || init.method === "HEAD";
        if (noBody) res.resume();
        // A redirect is not followed: the transport sees a failed status and says so.
        resolve(
          new Response(noBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
            status: status < 200 || status > 599 ? 502 : status,
            statusText: res.statusMessage,
            headers: out,
          }),
        );
      });
      req.end(body);
    });
  }) as typeof fetch;
}
