// Moved to web/contract/agent.ts (the browser ↔ server seam); kept while server modules switch.
export * from "../../contract/agent";
