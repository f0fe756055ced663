// Every failed call rejects with the bridge's one error type; `code` is one of the protocol's codes.
export { BridgeError } from "../protocol/bridge-error";
