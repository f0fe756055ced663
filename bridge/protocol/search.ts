import { z } from "zod";
import { WorkspacePath } from "./common";

const Glob = z.string().min(1).max(1024);

export const SearchGrepParams = z.object({
  pattern: z.string().min(1).max(10_000),
  path: WorkspacePath.default("."),
  /** Treat the pattern as a literal string instead of a regex. */
  fixedStrings: z.boolean().default(false),
  caseSensitive: z.boolean().default(true),
  include: z.array(Glob).max(100).default([]),
  exclude: z.array(Glob).max(100).default([]),
  contextLines: z.number().int().min(0).max(20).default(0),
  maxResults: z.number().int().min(1).max(10_000).default(200),
  includeHidden: z.boolean().default(true),
  includeIgnored: z.boolean().default(false),
});
export const SearchMatch = z.object({
  path: z.string(),
  line: z.number(),
  column: z.number(),
  text: z.string(),
  before: z.array(z.string()),
  after: z.array(z.string()),
});
export const SearchGrepResult = z.object({ matches: z.array(SearchMatch), truncated: z.boolean() });
