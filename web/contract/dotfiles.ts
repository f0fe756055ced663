// Settings: the person's dotfiles repository, cloned into ~/dotfiles at a workspace's first start
// and its install script run there (server/dotfiles/install.ts). The URL passes the same check as
// a workspace's repository (contract/repo-url.ts): http(s), the configured GitHub host, no
// credentials in it.
import { z } from "zod";
import { repoUrlProblem } from "./repo-url";

/** PUT /api/settings/dotfiles: a repository URL, or null (or "") to stop using dotfiles. */
export const dotfilesInput = z.object({
  url: z
    .string()
    .trim()
    .max(2048)
    .nullable()
    .transform((u) => u || null)
    .superRefine((u, ctx) => {
      const problem = u ? repoUrlProblem(u) : undefined;
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
});
export type DotfilesInput = z.infer<typeof dotfilesInput>;

export const dotfilesSettingsSchema = z.object({ url: z.string().nullable() });
export type DotfilesSettings = z.infer<typeof dotfilesSettingsSchema>;

/** Tried in this order in the clone's top folder, like GitHub Codespaces; the first one found runs. */
export const DOTFILES_INSTALL_SCRIPTS = ["install.sh", "install", "bootstrap.sh", "setup.sh"] as const;
