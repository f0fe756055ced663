// What every tool gets: the workspace's bridge, who is acting, and where audit records go.
// Tools never hold a client across calls: `bridge()` hands out the current one, so a reconnect
// (bridge restarted with the container) is picked up by the next call.
import type { BridgeClient } from "@kalpana/bridge/client";

export type AuditRecord = {
  tool: string;
  summary: string;
  outcome: "ok" | "error" | "cancelled" | "denied";
  detail?: string;
  durationMs: number;
};

export interface ToolContext {
  workspaceId: string;
  userId: string;
  bridge: () => Promise<BridgeClient>;
  /** The user's GitHub token for one push; null when no GitHub account is linked. */
  gitToken: () => Promise<string | null>;
  gitAuthor: { name: string; email: string };
  audit: (record: AuditRecord) => void;
  /** Stores a Nix configuration that realised, as the workspace's own (the next start uses it). */
  saveNixConfig: (c: { kind: "flake" | "shell"; content: string }) => Promise<void>;
  /** The person's secret values: masked in every tool result before the model sees it. */
  secretValues?: readonly string[];
  /** Foreground command timeout (ms). */
  commandTimeoutMs?: number;
}
