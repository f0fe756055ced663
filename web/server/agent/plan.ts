// Moved to web/contract/plan.ts (the browser ↔ server seam); kept while server modules switch.
export * from "../../contract/plan";
