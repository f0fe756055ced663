import { moveTemplateVersionInput } from "@/contract/templates";
import { authed, readJson } from "@/server/http/route";
import { moveTemplateVersion } from "@/server/workspaces/template-version";

export const dynamic = "force-dynamic";

export const POST = authed<{ id: string }>(async (req, user, { id }) => {
  const { version } = await readJson(req, moveTemplateVersionInput);
  return moveTemplateVersion(user.id, id, version);
});
