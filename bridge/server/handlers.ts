import { createCheckpoint } from "../ops/checkpoint/create-checkpoint";
import { diffCheckpoint } from "../ops/checkpoint/diff-checkpoint";
import { pruneCheckpoints } from "../ops/checkpoint/prune-checkpoints";
import { restoreCheckpoint } from "../ops/checkpoint/restore-checkpoint";
import type { OpContext } from "../ops/context";
import { editorCommand } from "../ops/editor/editor-command";
import { editorContext } from "../ops/editor/editor-context";
import { envApply } from "../ops/env/env-apply";
import { envStatus } from "../ops/env/env-status";
import { cancelCommand } from "../ops/exec/cancel-command";
import { killJob } from "../ops/exec/kill-job";
import { listJobs } from "../ops/exec/list-jobs";
import { readJob } from "../ops/exec/read-job";
import { runCommand } from "../ops/exec/run-command";
import { startJob } from "../ops/exec/start-job";
import { waitJob } from "../ops/exec/wait-job";
import { deletePath } from "../ops/fs/delete-path";
import { editFile } from "../ops/fs/edit-file";
import { listDir } from "../ops/fs/list-dir";
import { movePath } from "../ops/fs/move-path";
import { readFile } from "../ops/fs/read-file";
import { statPath } from "../ops/fs/stat-path";
import { tree } from "../ops/fs/tree";
import { writeFile } from "../ops/fs/write-file";
import { gitBranch } from "../ops/git/branch";
import { gitCheckout } from "../ops/git/checkout";
import { gitClone } from "../ops/git/clone";
import { gitCommit } from "../ops/git/commit";
import { gitDiff } from "../ops/git/diff";
import { gitFetch } from "../ops/git/fetch";
import { gitLog } from "../ops/git/log";
import { gitPush } from "../ops/git/push";
import { gitRemoteUrl } from "../ops/git/remote-url";
import { gitStatus } from "../ops/git/status";
import { closeMcpServer } from "../ops/mcp/close-server";
import { sendMcpMessage } from "../ops/mcp/send-message";
import { spawnMcpServer } from "../ops/mcp/spawn-server";
import { listPorts } from "../ops/ports/list-ports";
import { grep } from "../ops/search/grep";
import { writeEnvVars } from "../ops/vars/write-env-vars";
import type { ParsedParams, RequestEvent, Result } from "../protocol/index";

export type Handler<E extends RequestEvent> = (
  ctx: OpContext,
  params: ParsedParams<E>,
  id: string,
) => Promise<Result<E>>;

/**
 * Event → op. The mapped type makes a missing or extra entry a compile error; the contract
 * test checks the same at run time against what the server actually registers.
 */
export const handlers: { [E in RequestEvent]: Handler<E> } = {
  "fs:read": readFile,
  "fs:write": writeFile,
  "fs:edit": editFile,
  "fs:list": listDir,
  "fs:tree": tree,
  "fs:stat": statPath,
  "fs:move": movePath,
  "fs:delete": deletePath,
  "search:grep": grep,
  "exec:run": runCommand,
  "exec:cancel": cancelCommand,
  "exec:start": startJob,
  "exec:read": readJob,
  "exec:wait": waitJob,
  "exec:kill": killJob,
  "exec:list": listJobs,
  "git:status": gitStatus,
  "git:diff": gitDiff,
  "git:log": gitLog,
  "git:branch": gitBranch,
  "git:checkout": gitCheckout,
  "git:commit": gitCommit,
  "git:push": gitPush,
  "git:fetch": gitFetch,
  "git:clone": gitClone,
  "git:remote": gitRemoteUrl,
  "ports:list": listPorts,
  "checkpoint:create": createCheckpoint,
  "checkpoint:diff": diffCheckpoint,
  "checkpoint:restore": restoreCheckpoint,
  "checkpoint:prune": pruneCheckpoints,
  "env:status": envStatus,
  "env:apply": envApply,
  "env:vars": writeEnvVars,
  "editor:context": editorContext,
  "editor:command": editorCommand,
  "mcp:spawn": spawnMcpServer,
  "mcp:send": sendMcpMessage,
  "mcp:close": closeMcpServer,
};
