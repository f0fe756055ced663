// Moved to web/contract/workspaces.ts (the browser ↔ server seam); kept while server modules switch.
export * from "../../contract/workspaces";
