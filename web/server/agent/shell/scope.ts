// What a command check may ask of the analysis that runs it. analyze.ts implements it; the checks
// (commands, rules, runners, words, embedded) see only this, so they never import analyze.ts, which
// imports them.
import type { Field, Output } from "./expand";
import type { Finding } from "./findings";

export interface Scope {
  report(f: Finding): void;
  /** Files written by curl -o / wget -O in this command (running one later is running a download). */
  readonly files: Set<string>;
  /** Files this command wrote with a known text. */
  readonly written: Map<string, string>;
  /** Checks one simple command line (expanded words) and says what it prints. */
  command(fields: Field[], stdin: Output): Output;
  /** Parses and analyses shell text that will run (bash -c, eval, a piped-in script). */
  source(text: string, stdin?: Output, opts?: { mayNotBeShell?: boolean }): Output;
}
