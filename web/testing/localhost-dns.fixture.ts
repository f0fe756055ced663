// Browsers resolve *.localhost to loopback by themselves (the app runs on kalpana.localhost and each
// workspace on a subdomain); Node's resolver does not. Importing this makes the test process do the
// same, so fetch() and node:http reach the real server by the names a browser uses.
import dns from "node:dns";

type Callback = (err: NodeJS.ErrnoException | null, address: unknown, family?: number) => void;
const original = dns.lookup;
const patched = Symbol.for("kalpana.localhost-dns");
const d = dns as unknown as Record<symbol, boolean> & { lookup: unknown };

if (!d[patched]) {
  d[patched] = true;
  d.lookup = ((host: string, options: unknown, callback?: Callback) => {
    const cb = (typeof options === "function" ? options : callback) as Callback;
    const opts = (typeof options === "object" && options) || {};
    if (/(^|\.)localhost\.?$/i.test(host)) {
      const all = (opts as { all?: boolean }).all;
      process.nextTick(() =>
        all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4),
      );
      return;
    }
    return (original as (...a: unknown[]) => void)(host, options, callback);
  }) as typeof dns.lookup;
}
