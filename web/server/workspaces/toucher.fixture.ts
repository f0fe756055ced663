// Another web process in which workspace argv[2] is in use: it marks the activity (as its IDE proxy
// or an open tab would), lets the mark reach the database, and exits.
import { closeAdvisoryConnections } from "../db/advisory-lock";
import { disconnectDb } from "../db/client";
import { touchWorkspace } from "./activity";

touchWorkspace(process.argv[2] ?? "ws");
await new Promise((r) => setTimeout(r, 1500));
await closeAdvisoryConnections();
await disconnectDb();
process.stdout.write("touched\n");
process.exit(0);
