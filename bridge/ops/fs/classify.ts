import type { ErrorCode } from "../../protocol/index";
import { BridgeError, errnoOf, isBridgeError } from "../errors";

const BY_ERRNO: Record<string, [ErrorCode, string]> = {
  ENOENT: ["ENOENT", "no such file or folder"],
  EEXIST: ["EEXIST", "already exists"],
  ENOTDIR: ["ENOTDIR", "a parent is not a folder"],
  EISDIR: ["EISDIR", "is a folder"],
  ENOTEMPTY: ["ENOTEMPTY", "folder is not empty"],
  EBUSY: ["EBUSY", "resource busy"],
  EACCES: ["EINVAL", "permission denied"],
  EPERM: ["EINVAL", "operation not permitted"],
  ENAMETOOLONG: ["EINVAL", "name too long"],
  ELOOP: ["EINVAL", "too many levels of symbolic links"],
  // open() of a unix socket (or a device without a driver): never a regular file.
  ENXIO: ["EINVAL", "not a regular file (socket or device)"],
  EXDEV: ["EINVAL", "cannot move across filesystems"],
  EINVAL: ["EINVAL", "invalid argument"],
  EFBIG: ["ETOOLARGE", "file too large"],
  ENOSPC: ["ENOSPC", "the workspace's disk is full (delete files to free space)"],
  EDQUOT: ["ENOSPC", "the workspace's disk is full (delete files to free space)"],
};

/** Turn whatever an fs call threw into an BridgeError that names the workspace path, never a host path. */
export function classifyFsError(e: unknown, relPath: string): BridgeError {
  if (isBridgeError(e)) return e;
  const known = BY_ERRNO[errnoOf(e) ?? ""];
  if (known) return new BridgeError(known[0], `${relPath}: ${known[1]}`);
  return new BridgeError("EINTERNAL", `${relPath}: unexpected filesystem error`);
}

/** Run an fs step and classify its failure against the given workspace-relative path. */
export async function fsStep<T>(relPath: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw classifyFsError(e, relPath);
  }
}
