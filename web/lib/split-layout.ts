// The workspace split (IDE | agent) as plain data: the agent pane's share of the width and whether it
// is collapsed, remembered per user in localStorage. Pure apart from the storage object passed in.
export type SplitLayout = { agentRatio: number; collapsed: boolean };

export const DEFAULT_LAYOUT: SplitLayout = { agentRatio: 0.34, collapsed: false };
export const MIN_RATIO = 0.2;
export const MAX_RATIO = 0.6;
export const KEY_STEP = 0.02;

export const clampRatio = (r: number) =>
  Math.min(MAX_RATIO, Math.max(MIN_RATIO, Number.isFinite(r) ? r : DEFAULT_LAYOUT.agentRatio));

export const storageKey = (userId: string) => `kalpana.split.${userId}`;

type Store = Pick<Storage, "getItem" | "setItem">;

export function loadLayout(store: Store | undefined, userId: string): SplitLayout {
  try {
    const raw = JSON.parse(store?.getItem(storageKey(userId)) ?? "null") as Partial<SplitLayout> | null;
    if (!raw || typeof raw !== "object") return DEFAULT_LAYOUT;
    return { agentRatio: clampRatio(Number(raw.agentRatio)), collapsed: raw.collapsed === true };
  } catch {
    return DEFAULT_LAYOUT; // corrupt or blocked storage must not break the page
  }
}

export function saveLayout(store: Store | undefined, userId: string, layout: SplitLayout): void {
  try {
    store?.setItem(storageKey(userId), JSON.stringify(layout));
  } catch {
    // Private mode / quota: the layout just is not remembered.
  }
}

/** Keyboard resizing on the separator: arrows move it, Home/End jump to the limits, Enter resets. */
export function ratioForKey(key: string, ratio: number): number | null {
  // The agent pane is on the right: moving the handle left makes it wider.
  if (key === "ArrowLeft") return clampRatio(ratio + KEY_STEP);
  if (key === "ArrowRight") return clampRatio(ratio - KEY_STEP);
  if (key === "Home") return MAX_RATIO;
  if (key === "End") return MIN_RATIO;
  if (key === "Enter") return DEFAULT_LAYOUT.agentRatio;
  return null;
}
