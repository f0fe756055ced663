#!/bin/sh
# The web container's start: apply committed migrations (idempotent; a no-op when up to date), then
# serve. exec: the server is tini's only child and gets SIGTERM for its graceful shutdown.
set -eu
cd /app
node --import tsx scripts/migrate.ts deploy
exec node --import tsx web/server.ts
