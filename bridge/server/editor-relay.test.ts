// The editor socket from the attacker's side too: without the key nothing is accepted, malformed
// or oversized lines drop the connection, and a good report reaches latest() with the bridge's time.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { EDITOR_KEY, EDITOR_SOCKET, type EditorReport } from "../protocol/index";
import { EditorHub, startEditorRelay } from "./editor-relay";

const report: EditorReport = {
  activeFile: {
    path: "src/app.ts",
    languageId: "typescript",
    lineCount: 40,
    visible: { startLine: 1, endLine: 30 },
    selection: { startLine: 12, startColumn: 1, endLine: 30, endColumn: 1, text: "x", truncated: false },
  },
  openFiles: ["src/app.ts"],
  diagnostics: [],
};

function dial(dir: string, lines: string[]): Promise<void> {
  return new Promise((resolve) => {
    const s = createConnection(path.join(dir, EDITOR_SOCKET));
    s.on("connect", () => {
      for (const l of lines) s.write(`${l}\n`);
      setTimeout(() => {
        s.destroy();
        resolve();
      }, 150);
    });
    s.on("error", () => resolve());
  });
}

test("editor relay: only a connection with the key reports; bad lines are dropped", async () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "kalpana-editor-")), "editor");
  const hub = new EditorHub();
  const relay = await startEditorRelay(dir, hub);
  try {
    const key = readFileSync(path.join(dir, EDITOR_KEY), "utf8");
    const ctx = JSON.stringify({ type: "context", context: report });
    await dial(dir, [JSON.stringify({ type: "hello", key: "wrong" }), ctx]);
    assert.equal(hub.latest(), null, "wrong key");
    await dial(dir, [ctx]);
    assert.equal(hub.latest(), null, "no hello");
    await dial(dir, [JSON.stringify({ type: "hello", key }), "not json", ctx]);
    assert.equal(hub.latest(), null, "malformed line drops the connection");
    const huge = { ...report, openFiles: Array(51).fill("a") };
    await dial(dir, [
      JSON.stringify({ type: "hello", key }),
      JSON.stringify({ type: "context", context: huge }),
    ]);
    assert.equal(hub.latest(), null, "over the open-files cap");
    let seen: unknown = "unset";
    const s = createConnection(path.join(dir, EDITOR_SOCKET));
    await new Promise<void>((r) => s.on("connect", () => r()));
    s.write(`${JSON.stringify({ type: "hello", key })}\n${ctx}\n`);
    await new Promise((r) => setTimeout(r, 100));
    seen = hub.latest();
    assert.equal((seen as { activeFile: { path: string } }).activeFile.path, "src/app.ts");
    assert.ok((seen as { at: number }).at > 0);
    // A command reaches the extension; an unanswered one is not delivered.
    let got = "";
    s.setEncoding("utf8");
    s.on("data", (d: string) => {
      got += d;
    });
    const delivered = hub.send({ action: "open", path: "src/app.ts", line: 3 });
    await new Promise((r) => setTimeout(r, 50));
    const frame = JSON.parse(got.trim()) as { id: number; command: { action: string } };
    assert.equal(frame.command.action, "open");
    s.write(`${JSON.stringify({ type: "done", id: frame.id, ok: true })}\n`);
    assert.equal(await delivered, true);
    s.destroy();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(hub.latest(), null, "the last extension gone: no context");
    assert.equal(await hub.send({ action: "open", path: "a" }), false);
  } finally {
    await relay.close();
  }
});
