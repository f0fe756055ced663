"use client";
import { type Theme, themes, useTheme } from "@/components/theme-toggle";
import { Card } from "@/components/ui/card";
import { cn } from "@/lib/cn";

const labels: Record<Theme, [string, string]> = {
  system: ["System", "Follow the operating system"],
  light: ["Light", "Always light"],
  dark: ["Dark", "Always dark"],
};

export function AppearanceSettings() {
  const [theme, setTheme] = useTheme();
  return (
    <Card className="p-6">
      <fieldset>
        <legend className="mb-1 text-lg font-semibold">Appearance</legend>
        <p className="mb-4 text-sm text-muted-fg">Saved in this browser. VS Code keeps its own theme.</p>
        <div className="grid grid-cols-3 gap-3">
          {themes.map((t) => (
            <label
              key={t}
              className={cn(
                "flex cursor-pointer flex-col gap-1 rounded-lg border p-3 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent",
                theme === t ? "border-accent ring-1 ring-accent" : "border-border hover:border-muted-fg",
              )}
            >
              <input
                type="radio"
                name="theme"
                className="sr-only"
                checked={theme === t}
                onChange={() => setTheme(t)}
              />
              <span
                aria-hidden
                className={cn(
                  "mb-1 h-10 rounded border border-border",
                  t === "dark"
                    ? "bg-[#131318]"
                    : t === "light"
                      ? "bg-white"
                      : "bg-gradient-to-r from-white to-[#131318]",
                )}
              />
              <span className="text-sm font-medium">{labels[t][0]}</span>
              <span className="text-xs text-muted-fg">{labels[t][1]}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </Card>
  );
}
