import type { ParsedParams } from "../../protocol/index";

/**
 * ripgrep argv for a search. Pure so it can be tested: the pattern always goes after `-e`
 * and the path after `--`, so neither can ever be read as an option.
 */
export function rgArgs(p: ParsedParams<"search:grep">, relPath: string): string[] {
  const args = [
    "--json",
    "--no-config",
    "--max-columns",
    "1000",
    "--max-columns-preview",
    "--max-filesize",
    "50M",
  ];
  if (p.fixedStrings) args.push("--fixed-strings");
  args.push(p.caseSensitive ? "--case-sensitive" : "--ignore-case");
  if (p.includeHidden) args.push("--hidden");
  if (p.includeIgnored) args.push("--no-ignore");
  if (p.contextLines > 0) args.push("--context", String(p.contextLines));
  for (const g of p.include) args.push("--glob", g);
  for (const g of p.exclude) args.push("--glob", `!${g}`);
  // Hidden files are searched, but never git's own database.
  args.push("--glob", "!.git", "-e", p.pattern, "--", relPath);
  return args;
}
