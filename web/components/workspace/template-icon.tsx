import { cn } from "@/lib/cn";

// A tinted monogram per template (icon names like "nodejs" map to a short label): recognisable on
// every machine without icon fonts or emoji fonts, which headless/minimal systems often lack.
const tints = [
  "bg-indigo-500/15 text-indigo-500",
  "bg-emerald-500/15 text-emerald-500",
  "bg-amber-500/15 text-amber-600",
  "bg-sky-500/15 text-sky-500",
  "bg-rose-500/15 text-rose-500",
  "bg-violet-500/15 text-violet-500",
];

const known: Record<string, string> = {
  node: "JS",
  nodejs: "JS",
  python: "Py",
  go: "Go",
  rust: "Rs",
  fullstack: "FS",
  layers: "FS",
  custom: "Nix",
};

export function TemplateIcon({
  template,
  icon,
  size = 36,
}: {
  template: string;
  icon?: string;
  size?: number;
}) {
  const glyph = known[icon ?? ""] ?? known[template] ?? template.slice(0, 2).toUpperCase();
  const tint = tints[[...template].reduce((a, c) => a + c.charCodeAt(0), 0) % tints.length];
  return (
    <span
      aria-hidden
      style={{ width: size, height: size, fontSize: size * (glyph.length > 2 ? 0.32 : 0.4) }}
      className={cn("inline-flex shrink-0 items-center justify-center rounded-lg font-semibold", tint)}
    >
      {glyph}
    </span>
  );
}
