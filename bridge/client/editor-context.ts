import type { Socket } from "socket.io-client";
import { EDITOR_CONTEXT_EVENT, EditorContext } from "../protocol/index";

/**
 * Hands the bridge's `editor:context` pushes to `handler`. The bridge is untrusted: a push that
 * does not parse (or is over a cap) is dropped, and a failing handler never throws into socket.io.
 */
export function receiveEditorContext(socket: Socket, handler: (c: EditorContext | null) => void): void {
  socket.on(EDITOR_CONTEXT_EVENT, (raw: unknown) => {
    const parsed = EditorContext.nullable().safeParse(raw);
    if (!parsed.success) return;
    try {
      handler(parsed.data);
    } catch (e) {
      console.error("[bridge client] editor context handler failed:", e);
    }
  });
}
