// Moved to web/contract/approvals.ts (the browser ↔ server seam); kept while server modules switch.
export * from "../../contract/approvals";
