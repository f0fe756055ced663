"use client";
// Two panes with a draggable, keyboard-resizable separator (WAI-ARIA "window splitter"). Pointer capture
// keeps the drag alive over the iframe; the iframe also stops taking pointer events while dragging.
import { type ReactNode, useRef, useState } from "react";
import { cn } from "@/lib/cn";
import {
  clampRatio,
  DEFAULT_LAYOUT,
  MAX_RATIO,
  MIN_RATIO,
  ratioForKey,
  type SplitLayout,
} from "@/lib/split-layout";

type Props = {
  left: ReactNode;
  right: ReactNode;
  layout: SplitLayout;
  onLayout: (patch: Partial<SplitLayout>) => void;
  rightLabel: string;
};

export function SplitPane({ left, right, layout, onLayout, rightLabel }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [dragging, setDragging] = useState(false);
  const pct = Math.round(layout.agentRatio * 100);

  function move(clientX: number) {
    const r = box.current?.getBoundingClientRect();
    if (r) onLayout({ agentRatio: clampRatio((r.right - clientX) / r.width) });
  }

  return (
    <div ref={box} className={cn("flex min-h-0 flex-1", dragging && "cursor-col-resize select-none")}>
      <div className={cn("relative min-w-0 flex-1", dragging && "pointer-events-none")}>{left}</div>
      {!layout.collapsed && (
        <>
          {/* biome-ignore lint/a11y/useSemanticElements: <hr> cannot be focused and dragged; this is the ARIA window-splitter pattern */}
          <div
            role="separator"
            aria-orientation="vertical"
            aria-label={`Resize ${rightLabel}`}
            aria-valuenow={pct}
            aria-valuemin={Math.round(MIN_RATIO * 100)}
            aria-valuemax={Math.round(MAX_RATIO * 100)}
            tabIndex={0}
            data-testid="split-handle"
            title="Drag to resize · double-click to reset"
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture(e.pointerId);
              setDragging(true);
            }}
            onPointerMove={(e) => dragging && move(e.clientX)}
            onPointerUp={(e) => {
              e.currentTarget.releasePointerCapture(e.pointerId);
              setDragging(false);
            }}
            onDoubleClick={() => onLayout({ agentRatio: DEFAULT_LAYOUT.agentRatio })}
            onKeyDown={(e) => {
              const r = ratioForKey(e.key, layout.agentRatio);
              if (r === null) return;
              e.preventDefault();
              onLayout({ agentRatio: r });
            }}
            className="group relative w-1.5 shrink-0 cursor-col-resize bg-border hover:bg-accent/60 focus-visible:bg-accent focus-visible:outline-none"
          >
            <span className="absolute inset-y-0 -right-1.5 -left-1.5" />
          </div>
          <aside
            aria-label={rightLabel}
            data-testid="agent-pane"
            style={{ width: `${pct}%` }}
            className={cn(
              "flex min-h-0 min-w-0 shrink-0 flex-col bg-card",
              dragging && "pointer-events-none",
            )}
          >
            {right}
          </aside>
        </>
      )}
    </div>
  );
}
