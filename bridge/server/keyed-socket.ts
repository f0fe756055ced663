// The folder a local relay listens in: 0700, a fresh random key in `<dir>/<keyName>` (0600) that a
// client must present first, and the socket path cleared of a previous run's socket.
import { randomBytes } from "node:crypto";
import * as fsp from "node:fs/promises";
import path from "node:path";

export async function prepareKeyedSocket(
  dir: string,
  keyName: string,
  socketName: string,
): Promise<{ key: string; socketPath: string }> {
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  await fsp.chmod(dir, 0o700);
  const key = randomBytes(32).toString("hex");
  const keyFile = path.join(dir, keyName);
  const socketPath = path.join(dir, socketName);
  await Promise.all([fsp.rm(keyFile, { force: true }), fsp.rm(socketPath, { force: true })]);
  await fsp.writeFile(keyFile, key, { mode: 0o600, flag: "wx" });
  return { key, socketPath };
}
