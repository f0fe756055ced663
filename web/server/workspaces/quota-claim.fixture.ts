// A second web process, for the quota test: claims starts for the given workspace ids against the
// same database, all at once, and prints what each claim answered as one JSON line.
// Usage: DATABASE_URL=file:... tsx quota-claim.fixture.ts <userId> <perUser> <total> <id>...
import { createDb } from "../db/client";
import { AppError } from "../errors";
import { claimStart } from "./quota";

const [userId = "", perUser = "1", total = "1", ...ids] = process.argv.slice(2);
const client = createDb(process.env.DATABASE_URL ?? "");
const limits = { perUser: Number(perUser), total: Number(total) };
const results = await Promise.all(
  ids.map((id) =>
    claimStart(userId, id, limits, client).then(
      (row) => (row ? "started" : "already"),
      (e) => (e instanceof AppError ? e.code : `error: ${(e as Error).message}`),
    ),
  ),
);
await client.$disconnect();
console.log(JSON.stringify(results));
