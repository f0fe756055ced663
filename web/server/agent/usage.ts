// Moved to web/contract/usage.ts (the browser ↔ server seam); kept while server modules switch.
export * from "../../contract/usage";
