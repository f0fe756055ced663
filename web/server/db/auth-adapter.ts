// better-auth stores users, sessions, accounts and verifications itself, through its Prisma
// adapter. The adapter needs the Prisma client, so it is made here: the one documented place
// where a library outside db/ runs queries (docs/ARCHITECTURE.md, "Database").
import { prismaAdapter } from "better-auth/adapters/prisma";
import { db } from "./client";
import { isPostgresUrl } from "./url";

/** better-auth's `database` option for the database at `databaseUrl`. */
export function authDatabase(databaseUrl: string) {
  return prismaAdapter(db(), { provider: isPostgresUrl(databaseUrl) ? "postgresql" : "sqlite" });
}
