"use client";
// Stand-in for the agent panel (web/components/agent) until it lands: the same frame — thread list and
// composer — disabled, so the layout and split behave as they will with the real panel.
export function AgentPlaceholder({ workspaceId }: { workspaceId: string }) {
  return (
    <div className="flex h-full flex-col" data-workspace={workspaceId}>
      <div className="flex h-10 shrink-0 items-center gap-2 border-b border-border px-3">
        <span className="text-sm font-medium">Agent</span>
        <select
          aria-label="Conversation"
          disabled
          className="ml-auto h-7 rounded border border-border bg-card px-2 text-xs text-muted-fg"
        >
          <option>New conversation</option>
        </select>
      </div>
      <div className="flex flex-1 flex-col items-center justify-center gap-2 p-6 text-center">
        <span
          aria-hidden
          className="flex size-10 items-center justify-center rounded-full bg-accent/10 text-accent"
        >
          ✦
        </span>
        <p className="text-sm font-medium">The agent is not available yet</p>
        <p className="max-w-xs text-xs text-muted-fg">
          It will read, edit and run code inside this workspace. Add your OpenRouter key in Settings to use
          it.
        </p>
      </div>
      <form className="border-t border-border p-3" aria-label="Message the agent">
        <textarea
          disabled
          rows={3}
          aria-label="Message"
          placeholder="Ask the agent to change something…"
          className="w-full resize-none rounded-md border border-border bg-bg p-2 text-sm placeholder:text-muted-fg"
        />
        <div className="mt-2 flex justify-end">
          <button
            type="submit"
            disabled
            className="h-8 rounded-md bg-accent px-3 text-sm text-accent-fg opacity-50"
          >
            Send
          </button>
        </div>
      </form>
    </div>
  );
}
