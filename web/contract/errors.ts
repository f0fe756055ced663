// How the API answers a failure: `{ error: { code, message, details? } }`. For refused input,
// `details` is a list of issues with the path of the field they concern (zod's issue shape, which
// route handlers send as is, or `fieldIssues()` for checks the schema cannot make), so a form puts
// each message beside its field instead of guessing the field from the text.
import { z } from "zod";

export const apiErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

const issueSchema = z.object({ path: z.array(z.unknown()), message: z.string() });
export type FieldIssue = { path: string[]; message: string };

/** The details for one refused field. */
export const fieldIssues = (field: string, message: string): FieldIssue[] => [{ path: [field], message }];

/**
 * The first message for each top-level field named in an error's details; empty when the details
 * name no field (then the error's message belongs to the whole form).
 */
export function fieldErrors(details: unknown): Record<string, string> {
  const parsed = z.array(z.unknown()).safeParse(details);
  const out: Record<string, string> = {};
  for (const raw of parsed.success ? parsed.data : []) {
    const issue = issueSchema.safeParse(raw);
    const field = issue.success ? issue.data.path[0] : undefined;
    if (issue.success && typeof field === "string" && !(field in out)) out[field] = issue.data.message;
  }
  return out;
}
