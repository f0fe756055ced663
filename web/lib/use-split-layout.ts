"use client";
import { useCallback, useEffect, useState } from "react";
import { DEFAULT_LAYOUT, loadLayout, type SplitLayout, saveLayout } from "./split-layout";

/** The split layout, read from localStorage after mount (the server cannot see it) and saved on change. */
export function useSplitLayout(userId: string) {
  const [layout, setLayout] = useState<SplitLayout>(DEFAULT_LAYOUT);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    setLayout(loadLayout(window.localStorage, userId));
    setLoaded(true);
  }, [userId]);
  const update = useCallback(
    (patch: Partial<SplitLayout>) =>
      setLayout((cur) => {
        const next = { ...cur, ...patch };
        saveLayout(window.localStorage, userId, next);
        return next;
      }),
    [userId],
  );
  const toggle = useCallback(() => update({ collapsed: !layout.collapsed }), [update, layout.collapsed]);
  return { layout, loaded, update, toggle };
}

/** Ctrl/Cmd+Shift+A, also when focus is inside the same-origin IDE iframe (listen there too). */
export function isToggleAgentShortcut(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === "a";
}
