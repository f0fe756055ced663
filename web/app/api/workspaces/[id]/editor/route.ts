import { editorCommandInput } from "@/contract/editor";
import { authed, readJson } from "@/server/http/route";
import { sendEditorCommand } from "@/server/workspaces/editor";

export const dynamic = "force-dynamic";

/** Open a file at a line, or show the agent's edit as a diff, in the person's VS Code (no reload). */
export const POST = authed<{ id: string }>(async (req, user, { id }) =>
  Response.json(await sendEditorCommand(user.id, id, await readJson(req, editorCommandInput))),
);
