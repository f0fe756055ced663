// Small helpers over expanded words shared by the command handlers: option parsing, what a
// command passes on to the next pipeline stage, and the findings for text only known at run time.

import type { Field, Output, Taint } from "./expand";
import { finding } from "./findings";
import type { Scope } from "./scope";
import { writeTarget } from "./targets";

export const OTHER: Output = { kind: "other" };
export const base = (t: string) => t.slice(t.lastIndexOf("/") + 1);
export const flag = (f: Field | undefined) => (f && !f.dynamic ? f.text : "");
export const isOption = (t: string) => t.length > 1 && t.startsWith("-");
/** Short-option clusters (-rf, -fR) and long options, up to `--`. */
export function options(args: Field[]): { short: string; long: Set<string>; rest: Field[] } {
  let short = "";
  const long = new Set<string>();
  const rest: Field[] = [];
  let ended = false;
  for (const f of args) {
    const t = flag(f);
    if (!ended && t === "--") ended = true;
    else if (!ended && t.startsWith("--")) long.add(t.split("=")[0]!);
    else if (!ended && isOption(t)) short += t.slice(1);
    else rest.push(f);
  }
  return { short, long, rest };
}

/** What a command prints when it reads its stdin and passes a transformation of it on. */
export function through(stdin: Output, transform: "keep" | "decode" | "other"): Output {
  if (stdin.kind === "download") return stdin;
  if (transform === "decode" && stdin.kind !== "none") return { kind: "decode" };
  if (stdin.kind === "decode") return stdin;
  if (transform === "keep") return stdin.kind === "none" ? OTHER : stdin;
  return OTHER;
}

export function taintOutput(fields: Field[]): Output {
  const t = fields.map((f) => f.taint).find(Boolean) as Taint | undefined;
  return t ? { kind: t } : OTHER;
}

/**
 * Shell text that is only known at run time: downloaded or decoded → pipe-to-shell; an outside
 * variable → `rule`; a command substitution (`eval "$(ssh-agent -s)"`) runs what that command
 * prints, and that command was checked itself.
 */
export function dynamicText(a: Scope, fields: Field[], rule: "eval-dynamic" | "dynamic-shell"): void {
  if (fields.some((f) => f.taint)) a.report(finding("pipe-to-shell"));
  else if (fields.some((f) => f.fromVar)) a.report(finding(rule));
}

export function runsText(a: Scope, produced: Output, rule: "pipe-to-shell" | "pipe-to-interpreter"): void {
  if (produced.kind === "static" && rule === "pipe-to-shell") a.source(produced.text);
  else if (produced.kind !== "none" && produced.kind !== "static") {
    if (rule === "pipe-to-shell" || produced.kind !== "other") a.report(finding(rule));
  }
}

export function checkWrite(a: Scope, f: Field): void {
  const rule = writeTarget(f.text);
  if (rule) a.report(finding(rule));
}
