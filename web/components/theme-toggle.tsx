"use client";
import { useEffect, useState } from "react";

export const themes = ["system", "light", "dark"] as const;
export type Theme = (typeof themes)[number];
const EVENT = "kalpana:theme"; // keeps every theme control on the page in step

export function applyTheme(theme: Theme) {
  localStorage.setItem("kalpana.theme", theme);
  const dark = theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
  window.dispatchEvent(new CustomEvent(EVENT, { detail: theme }));
}

export function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const read = () => setTheme((localStorage.getItem("kalpana.theme") as Theme) ?? "system");
    read();
    window.addEventListener(EVENT, read);
    return () => window.removeEventListener(EVENT, read);
  }, []);
  return [theme, applyTheme];
}

export function ThemeToggle() {
  const [theme, set] = useTheme();
  const next = themes[(themes.indexOf(theme) + 1) % themes.length]!;
  return (
    <button
      type="button"
      className="size-8 rounded-md text-sm text-muted-fg hover:bg-muted"
      aria-label={`Theme: ${theme}. Switch to ${next}`}
      title={`Theme: ${theme}`}
      onClick={() => set(next)}
    >
      {theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}
    </button>
  );
}
