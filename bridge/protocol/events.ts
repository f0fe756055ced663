import { z } from "zod";
import * as cp from "./checkpoint";
import { RequestId, replySchema } from "./common";
import * as editor from "./editor";
import * as env from "./env";
import * as envVars from "./env-vars";
import * as ex from "./exec";
import * as fs from "./fs";
import * as git from "./git";
import * as mcp from "./mcp";
import * as ports from "./ports";
import * as search from "./search";

/**
 * The contract: every request event the bridge answers, with its params and result schema.
 * The server registers exactly these (a contract test checks it) and the client derives its
 * typed methods from them.
 */
export const requests = {
  "fs:read": { params: fs.FsReadParams, result: fs.FsReadResult },
  "fs:write": { params: fs.FsWriteParams, result: fs.FsWriteResult },
  "fs:edit": { params: fs.FsEditParams, result: fs.FsEditResult },
  "fs:list": { params: fs.FsListParams, result: fs.FsListResult },
  "fs:tree": { params: fs.FsTreeParams, result: fs.FsTreeResult },
  "fs:stat": { params: fs.FsStatParams, result: fs.FsStatResult },
  "fs:move": { params: fs.FsMoveParams, result: fs.FsMoveResult },
  "fs:delete": { params: fs.FsDeleteParams, result: fs.FsDeleteResult },
  "search:grep": { params: search.SearchGrepParams, result: search.SearchGrepResult },
  "exec:run": { params: ex.ExecRunParams, result: ex.ExecRunResult },
  "exec:cancel": { params: ex.ExecCancelParams, result: ex.ExecCancelResult },
  "exec:start": { params: ex.ExecStartParams, result: ex.ExecStartResult },
  "exec:read": { params: ex.ExecReadParams, result: ex.ExecReadResult },
  "exec:wait": { params: ex.ExecWaitParams, result: ex.JobInfo },
  "exec:kill": { params: ex.ExecKillParams, result: ex.JobInfo },
  "exec:list": { params: ex.ExecListParams, result: ex.ExecListResult },
  "git:status": { params: git.GitStatusParams, result: git.GitStatusResult },
  "git:diff": { params: git.GitDiffParams, result: git.GitDiffResult },
  "git:log": { params: git.GitLogParams, result: git.GitLogResult },
  "git:branch": { params: git.GitBranchParams, result: git.GitBranchResult },
  "git:checkout": { params: git.GitCheckoutParams, result: git.GitCheckoutResult },
  "git:commit": { params: git.GitCommitParams, result: git.GitCommitResult },
  "git:push": { params: git.GitPushParams, result: git.GitPushResult },
  "git:fetch": { params: git.GitFetchParams, result: git.GitFetchResult },
  "git:clone": { params: git.GitCloneParams, result: git.GitCloneResult },
  "git:remote": { params: git.GitRemoteUrlParams, result: git.GitRemoteUrlResult },
  "ports:list": { params: ports.PortsListParams, result: ports.PortsListResult },
  "checkpoint:create": { params: cp.CheckpointCreateParams, result: cp.CheckpointCreateResult },
  "checkpoint:diff": { params: cp.CheckpointDiffParams, result: cp.CheckpointDiffResult },
  "checkpoint:restore": { params: cp.CheckpointRestoreParams, result: cp.CheckpointRestoreResult },
  "checkpoint:prune": { params: cp.CheckpointPruneParams, result: cp.CheckpointPruneResult },
  "env:status": { params: env.EnvStatusParams, result: env.EnvStatusResult },
  "env:apply": { params: env.EnvApplyParams, result: env.EnvApplyResult },
  "env:vars": { params: envVars.EnvVarsWriteParams, result: envVars.EnvVarsWriteResult },
  "editor:context": { params: editor.EditorContextParams, result: editor.EditorContextResult },
  "editor:command": { params: editor.EditorCommandParams, result: editor.EditorCommandResult },
  "mcp:spawn": { params: mcp.McpSpawnParams, result: mcp.McpSpawnResult },
  "mcp:send": { params: mcp.McpSendParams, result: mcp.McpSendResult },
  "mcp:close": { params: mcp.McpCloseParams, result: mcp.McpCloseResult },
} as const;

/** Events the bridge pushes to the connection that started an operation. */
export const events = {
  "exec:chunk": ex.ExecChunkEvent,
  "git:progress": git.GitProgressEvent,
  "mcp:message": mcp.McpMessageEvent,
  "mcp:exit": mcp.McpExitEvent,
} as const;

export type RequestEvent = keyof typeof requests;
export type PushEvent = keyof typeof events;
export const REQUEST_EVENTS = Object.keys(requests) as RequestEvent[];

/** Params as a caller may write them (defaults optional). */
export type Params<E extends RequestEvent> = z.input<(typeof requests)[E]["params"]>;
/** Params after validation, as handlers receive them. */
export type ParsedParams<E extends RequestEvent> = z.output<(typeof requests)[E]["params"]>;
export type Result<E extends RequestEvent> = z.output<(typeof requests)[E]["result"]>;
export type EventPayload<E extends PushEvent> = z.output<(typeof events)[E]>;

/** On the wire a request is its params plus the caller's id. */
export type RequestFrame<E extends RequestEvent> = Params<E> & { id: string };

export function isRequestEvent(name: unknown): name is RequestEvent {
  return typeof name === "string" && Object.hasOwn(requests, name);
}

/** Schema of the frame a client sends for `event`: its params plus the request id. */
export function requestSchema<E extends RequestEvent>(event: E) {
  return requests[event].params.and(z.object({ id: RequestId }));
}

const buildReplySchema = <E extends RequestEvent>(event: E) => replySchema(requests[event].result);
// Built once per event: a fresh schema per call made zod compile its fast parser anew on every
// bridge reply (a new function each time, thousands a minute under load).
const replySchemas = new Map<RequestEvent, unknown>();

/** Schema of the reply to `event` (`{ id, ok: true, data } | { id, ok: false, error }`). */
export function replySchemaFor<E extends RequestEvent>(event: E) {
  const cached = replySchemas.get(event) as ReturnType<typeof buildReplySchema<E>> | undefined;
  if (cached) return cached;
  const s = buildReplySchema(event);
  replySchemas.set(event, s);
  return s;
}
