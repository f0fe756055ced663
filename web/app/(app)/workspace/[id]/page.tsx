import type { Metadata } from "next";
import { config } from "@/server/config";
import { WorkspaceScreen } from "./workspace-view";

// The name is not known on the server without a lookup; the client sets "<name> · Kalpana" once loaded.
export const metadata: Metadata = { title: "Workspace" };

export default async function WorkspacePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <WorkspaceScreen id={id} unsafeSameOrigin={config().origins.sameOriginIde} />;
}
