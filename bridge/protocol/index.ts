export * from "./common";
export * from "./events";
export * from "./exec";
export * from "./fs";
export * from "./git";
export * from "./search";
