import { errnoOf, isOpError, OpError } from "../errors";

/** Spawn failures: the command itself failing is an exit code, never an error. */
export function classifyExecError(e: unknown): OpError {
  if (isOpError(e)) return e;
  switch (errnoOf(e)) {
    case "ENOENT":
      return new OpError("EINTERNAL", "bash was not found in this workspace");
    case "EAGAIN":
    case "EMFILE":
    case "ENFILE":
      return new OpError("EBUSY", "too many processes or open files; try again shortly");
    case "EACCES":
      return new OpError("EINVAL", "permission denied starting the command");
    default:
      return new OpError("EINTERNAL", "the command could not be started");
  }
}
