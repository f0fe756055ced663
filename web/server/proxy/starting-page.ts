// The page shown at /w/<id>/ide/ while the workspace is not running: status and an auto-refresh.
const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

export function startingPage(name: string, status: string, message: string | null): string {
  const starting = status === "STARTING";
  const title = starting ? "Your workspace is starting…" : `Your workspace is ${status.toLowerCase()}`;
  const hint = starting
    ? "This page refreshes by itself."
    : "Start it from the workspace page; this page refreshes by itself.";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>${escapeHtml(name)} · Kalpana</title>
<style>body{font-family:system-ui,sans-serif;background:#0b0d12;color:#e6e8ee;display:grid;place-items:center;height:100vh;margin:0}
main{max-width:32rem;text-align:center}p{color:#9aa3b2}pre{white-space:pre-wrap;text-align:left;color:#f5b4b4}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(name)} · ${escapeHtml(status)}</p>
${message ? `<pre>${escapeHtml(message)}</pre>` : ""}<p>${hint}</p></main></body></html>`;
}
