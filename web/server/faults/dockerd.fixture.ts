// Restarts the Docker engine the way this machine runs it: systemd's docker unit where there is one,
// else the detached `dockerd` scripts/setup.sh starts (log /var/log/kalpana-dockerd.log). Every
// other Docker test on the machine feels it, so the restart holds /tmp/kalpana-dockerd.lock (anyone
// else restarting waits), stays short, and always leaves an engine that answers.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
// -o: the engine started under the lock must not inherit its descriptor (it would hold the lock for
// as long as it runs: seen here, every later flock waited forever).
const LOCK = "/tmp/kalpana-dockerd.lock";

const RESTART = `set -eu
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker 2>/dev/null; then
  systemctl restart docker
else
  # The default engine's own pidfile: other dockerds (a test Swarm's nodes) are never touched.
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  if [ -n "$pid" ]; then
    kill -TERM $pid
    for _ in $(seq 1 60); do kill -0 $pid 2>/dev/null || break; sleep 0.5; done
    kill -0 $pid 2>/dev/null && kill -KILL $pid
  fi
  # Detached (own session, no inherited pipes): the engine must outlive this test.
  setsid nohup dockerd >>/var/log/kalpana-dockerd.log 2>&1 </dev/null &
fi
for _ in $(seq 1 90); do docker info >/dev/null 2>&1 && exit 0; sleep 1; done
echo "dockerd did not come back" >&2; exit 1`;

const ENSURE_UP = `docker info >/dev/null 2>&1 && exit 0
command -v systemctl >/dev/null 2>&1 && systemctl start docker 2>/dev/null && exit 0
setsid nohup dockerd >>/var/log/kalpana-dockerd.log 2>&1 </dev/null &
for _ in $(seq 1 90); do docker info >/dev/null 2>&1 && exit 0; sleep 1; done; exit 1`;

/** Restarts the engine under the lock; resolves once `docker info` answers again. */
export async function restartDockerd(): Promise<{ ms: number }> {
  const started = Date.now();
  try {
    await run("flock", ["-o", LOCK, "bash", "-c", RESTART], { timeout: 180_000 });
  } finally {
    // Whatever happened above, never leave the machine without an engine.
    await run("flock", ["-o", LOCK, "bash", "-c", ENSURE_UP], { timeout: 120_000 });
  }
  return { ms: Date.now() - started };
}
