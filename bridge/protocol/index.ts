export * from "./common";
export * from "./events";
export * from "./exec";
export * from "./fs";
export * from "./git";
export * from "./ports";
export * from "./search";
export * from "./upstream";
