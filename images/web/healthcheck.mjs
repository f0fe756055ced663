// HEALTHCHECK of the web image: GET /api/healthz on the app's own Host (any other Host is redirected
// or refused by the server), 200 = database, Docker engine and workspace image all fine.
import http from "node:http";

const host = new URL(process.env.KALPANA_PUBLIC_URL ?? `http://kalpana.localhost:${process.env.PORT ?? 3000}`)
  .host;
const req = http.get(
  {
    host: process.env.HOST && process.env.HOST !== "0.0.0.0" ? process.env.HOST : "127.0.0.1",
    port: Number(process.env.PORT ?? 3000),
    path: "/api/healthz",
    headers: { host },
    timeout: 4000,
  },
  (res) => {
    res.resume();
    process.exit(res.statusCode === 200 ? 0 : 1);
  },
);
req.on("timeout", () => req.destroy(new Error("timeout")));
req.on("error", (err) => {
  console.error(`healthz: ${err.message}`);
  process.exit(1);
});
