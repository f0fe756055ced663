import { BridgeError, errnoOf, isBridgeError } from "../errors";

/** Spawn failures: the command itself failing is an exit code, never an error. */
export function classifyExecError(e: unknown): BridgeError {
  if (isBridgeError(e)) return e;
  switch (errnoOf(e)) {
    case "ENOENT":
      return new BridgeError("EINTERNAL", "bash was not found in this workspace");
    case "EAGAIN":
    case "EMFILE":
    case "ENFILE":
      return new BridgeError("EBUSY", "too many processes or open files; try again shortly");
    case "EACCES":
      return new BridgeError("EINVAL", "permission denied starting the command");
    default:
      return new BridgeError("EINTERNAL", "the command could not be started");
  }
}
