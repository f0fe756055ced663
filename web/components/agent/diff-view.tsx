// A unified diff with added/removed lines coloured; hunks and file headers dimmed.
export function DiffView({ diff }: { diff: string }) {
  const lines = diff.replace(/\n$/, "").split("\n");
  return (
    <pre
      className="max-h-80 overflow-auto rounded border border-border bg-bg p-1 font-mono text-[11px] leading-snug"
      data-testid="diff-view"
    >
      {lines.map((line, i) => {
        const tone =
          line.startsWith("+++") || line.startsWith("---") || line.startsWith("@@")
            ? "text-muted-fg"
            : line.startsWith("+")
              ? "bg-ok/15 text-ok"
              : line.startsWith("-")
                ? "bg-danger/15 text-danger"
                : "";
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a static diff never reorder
          <div key={i} className={`whitespace-pre px-1 ${tone}`}>
            {line || " "}
          </div>
        );
      })}
    </pre>
  );
}
