import type { Params } from "../../protocol/index";
import { GitCloneParams, GitFetchParams, GitPushParams } from "../../protocol/index";

/** Build parsed params (defaults applied) the way the server would before calling an op. */
export const parsed = {
  clone: (p: Params<"git:clone">) => GitCloneParams.parse(p),
  push: (p: Params<"git:push">) => GitPushParams.parse(p),
  fetch: (p: Params<"git:fetch">) => GitFetchParams.parse(p),
};
