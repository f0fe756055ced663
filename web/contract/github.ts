// GitHub repositories and branches as GitHub's REST API sends them (the fields we use), passed
// through unchanged by /api/github/repos and …/branches.
import { z } from "zod";

export const repoSchema = z.object({
  id: z.number(),
  name: z.string(),
  full_name: z.string(),
  private: z.boolean(),
  description: z.string().nullable().optional(),
  default_branch: z.string().optional(),
  clone_url: z.string(),
  html_url: z.string().optional(),
  updated_at: z.string().nullable().optional(),
  owner: z.object({ login: z.string() }),
});
export type Repo = z.infer<typeof repoSchema>;

export const branchSchema = z.object({ name: z.string(), protected: z.boolean().optional() });
export type Branch = z.infer<typeof branchSchema>;

/** GET /api/github/repos */
export const repoSearchQuery = z.object({ q: z.string().max(200).default("") });
