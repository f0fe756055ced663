"use client";
// One tool call: name, arguments, live state, collapsible output, exit code, a diff for edits,
// "open in editor" for files, and Approve / Reject while it waits for the person.
import { useState } from "react";
import { DiffView } from "./diff-view";
import { openInEditor } from "./open-in-editor";

export type ToolPart = {
  type: string;
  toolCallId: string;
  state: string;
  input?: Record<string, unknown>;
  output?: Record<string, unknown>;
  errorText?: string;
  preliminary?: boolean;
  approval?: { id: string; approved?: boolean; requestReason?: string; reason?: string };
};

const FILE_TOOLS = new Set(["readFile", "writeFile", "editFile"]);
const STATE_LABEL: Record<string, string> = {
  "input-streaming": "preparing…",
  "input-available": "running…",
  "approval-requested": "needs approval",
  "approval-responded": "answered",
  "output-available": "done",
  "output-error": "failed",
  "output-denied": "rejected",
};

function argSummary(input: Record<string, unknown> | undefined): string {
  if (!input) return "";
  if (input.kind === "flake" || input.kind === "shell") return `${input.kind}.nix`; // updateNixEnvironment
  const main = input.command ?? input.path ?? input.pattern ?? input.message ?? input.jobId ?? "";
  return typeof main === "string" ? main : JSON.stringify(input);
}

export function ToolCard({
  part,
  workspaceId,
  onApprove,
}: {
  part: ToolPart;
  workspaceId: string;
  onApprove: (approvalId: string, approved: boolean) => void;
}) {
  const name = part.type.replace(/^tool-/, "");
  const out = part.output;
  const running = part.state === "input-available" || part.state === "input-streaming" || part.preliminary;
  const failed = part.state === "output-error" || (out && "error" in out);
  // Open where the person decides from the input: a command, an edit, a new Nix environment.
  const [open, setOpen] = useState(
    name === "runCommand" || name === "editFile" || name === "updateNixEnvironment",
  );
  const [editorError, setEditorError] = useState<string | null>(null);
  const editor = (fn: () => Promise<void>) => {
    setEditorError(null);
    fn().catch((e: Error) => setEditorError(e.message));
  };
  const edit =
    name === "editFile" &&
    typeof part.input?.oldString === "string" &&
    typeof part.input?.newString === "string"
      ? { oldString: part.input.oldString, newString: part.input.newString }
      : undefined;
  const nixFile = name === "updateNixEnvironment" && typeof part.input?.content === "string";
  const exitCode = out && typeof out.exitCode === "number" ? out.exitCode : null;
  const file = FILE_TOOLS.has(name) && typeof part.input?.path === "string" ? part.input.path : null;
  const tone = failed
    ? "border-danger/50"
    : part.state === "approval-requested"
      ? "border-warn"
      : "border-border";
  const label = part.preliminary ? "running…" : (STATE_LABEL[part.state] ?? part.state);

  return (
    <div
      className={`my-2 rounded-md border ${tone} bg-card text-xs`}
      data-testid="tool-card"
      data-tool={name}
      data-state={part.state}
    >
      <button
        type="button"
        onClick={() => setOpen(!open)}
        className="flex w-full items-center gap-2 px-2 py-1.5 text-left"
      >
        <span
          aria-hidden
          className={running ? "animate-pulse text-accent" : failed ? "text-danger" : "text-ok"}
        >
          {running ? "●" : failed ? "✕" : "✓"}
        </span>
        <span className="font-mono font-medium">{name}</span>
        <span className="min-w-0 flex-1 truncate font-mono text-muted-fg">{argSummary(part.input)}</span>
        {exitCode !== null && (
          <span
            className={`rounded px-1 ${exitCode === 0 ? "bg-ok/15 text-ok" : "bg-danger/15 text-danger"}`}
          >
            exit {exitCode}
          </span>
        )}
        <span className="shrink-0 text-muted-fg">{label}</span>
      </button>
      {part.state === "approval-requested" && part.approval && (
        <div className="flex flex-wrap items-center gap-2 border-t border-border px-2 py-1.5">
          <span className="min-w-0 flex-1 text-warn [overflow-wrap:anywhere]" data-testid="approval-reason">
            {part.approval.requestReason ?? "The agent wants to run this. Allow it?"}
          </span>
          <button
            type="button"
            className="rounded bg-accent px-2 py-1 text-accent-fg"
            onClick={() => onApprove(part.approval!.id, true)}
          >
            Approve
          </button>
          <button
            type="button"
            className="rounded bg-muted px-2 py-1"
            onClick={() => onApprove(part.approval!.id, false)}
          >
            Reject
          </button>
        </div>
      )}
      {open && (
        <div className="space-y-1 border-t border-border p-2">
          {part.input && name !== "editFile" && (
            <pre className="max-h-40 overflow-auto whitespace-pre-wrap break-all font-mono text-[11px] text-muted-fg">
              {nixFile ? String(part.input.content) : JSON.stringify(part.input, null, 1).slice(0, 4000)}
            </pre>
          )}
          {typeof out?.diff === "string" && <DiffView diff={out.diff} />}
          {typeof out?.output === "string" && (
            <pre
              className="max-h-72 overflow-auto whitespace-pre-wrap break-all rounded bg-bg p-1 font-mono text-[11px]"
              data-testid="tool-output"
            >
              {out.output || "(no output)"}
            </pre>
          )}
          {out && !("output" in out) && !("diff" in out) && (
            <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-all font-mono text-[11px]">
              {JSON.stringify(out, null, 1).slice(0, 4000)}
            </pre>
          )}
          {part.errorText && <p className="text-danger">{part.errorText}</p>}
          {file && (
            <div className="flex flex-wrap items-center gap-3">
              <button
                type="button"
                className="text-accent underline"
                onClick={() => editor(() => openInEditor(workspaceId, file))}
              >
                Open in editor
              </button>
              {edit && part.state === "output-available" && !failed && (
                <button
                  type="button"
                  className="text-accent underline"
                  onClick={() => editor(() => openInEditor(workspaceId, file, edit))}
                >
                  Show diff in VS Code
                </button>
              )}
              {editorError && (
                <span className="text-danger" role="alert">
                  {editorError}
                </span>
              )}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
