// Another web process, as far as socket.io goes: attaches realtime (on DATABASE_URL) and publishes
// a status and a stats event for workspace argv[2] every 200 ms, until it is killed.
import { createServer } from "node:http";
import { publishWorkspaceEvent } from "../workspaces/events";
import { attachRealtime } from "./io";

const id = process.argv[2] ?? "ws";
attachRealtime(createServer(), "http://kalpana.localhost:3000");
let n = 0;
setInterval(() => {
  n++;
  publishWorkspaceEvent(id, "workspace:status", {
    id,
    status: "STARTING",
    phase: null,
    message: `from the peer ${n}`,
  });
  publishWorkspaceEvent(id, "workspace:stats", { id, cpuPercent: 1, memoryMb: n });
}, 200);
