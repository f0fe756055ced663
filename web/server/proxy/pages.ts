// Small HTML pages the proxies answer with themselves (never a raw upstream error).
const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

function page(title: string, body: string, refreshSec?: number): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${refreshSec ? `<meta http-equiv="refresh" content="${refreshSec}">` : ""}
<title>${escapeHtml(title)} · Kalpana</title>
<style>body{font-family:system-ui,sans-serif;background:#0b0d12;color:#e6e8ee;display:grid;place-items:center;height:100vh;margin:0}
main{max-width:34rem;text-align:center}p{color:#9aa3b2}code{color:#e6e8ee}pre{white-space:pre-wrap;text-align:left;color:#f5b4b4}</style></head>
<body><main>${body}</main></body></html>`;
}

/** While the workspace is not running: its status, refreshing by itself. */
export function startingPage(name: string, status: string, message: string | null): string {
  const starting = status === "STARTING";
  const title = starting ? "Your workspace is starting…" : `Your workspace is ${status.toLowerCase()}`;
  const hint = starting
    ? "This page refreshes by itself."
    : "Start it from the workspace page; this page refreshes by itself.";
  return page(
    name,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(name)} · ${escapeHtml(status)}</p>
${message ? `<pre>${escapeHtml(message)}</pre>` : ""}<p>${hint}</p>`,
    3,
  );
}

/** A preview of a port nothing listens on (instead of a raw connect ECONNREFUSED). */
export function nothingListeningPage(port: number): string {
  return page(
    `Port ${port}`,
    `<h1>Nothing is listening on port ${port}</h1>
<p>Start your dev server in the workspace's terminal on port <code>${port}</code> (on <code>localhost</code>
or <code>0.0.0.0</code>). This page refreshes by itself and shows your app once it answers.</p>`,
    3,
  );
}
