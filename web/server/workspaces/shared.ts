// Moved to ../process-state (one owner of process-wide state); kept only so an in-flight import
// of "./shared" still resolves.
export { processSlot as processSingleton } from "../process-state";
