// Which paths are catastrophic to delete, chmod or write into. Judged on the static reading of a
// field (expand.ts); a target that is nothing but a run-time value (`rm -rf "$DIR"`, `${X:0:1}`) is
// treated like / because an empty or unexpected value lands there.
import { type Field, HOLE } from "./expand";

const SYSTEM = [
  "bin",
  "boot",
  "dev",
  "etc",
  "home",
  "lib",
  "lib32",
  "lib64",
  "nix",
  "opt",
  "proc",
  "root",
  "sbin",
  "srv",
  "sys",
  "usr",
  "var",
  "workspace",
];

function stripTail(p: string): string {
  let t = p;
  for (;;) {
    const next = t
      .replace(/\/\*$/, "")
      .replace(/\/\.$/, "")
      .replace(/(.)\/+$/, "$1");
    if (next === "") return "/";
    if (next === t) return t;
    t = next;
  }
}

/** /, ~, a top-level system folder, the home folder, the workspace root. */
export function isSystemRoot(f: Field): boolean {
  const t = stripTail(f.text.replace(/\/{2,}/g, "/"));
  if (t === "/" || t === "/*" || t === "~" || t === "$HOME" || /^~[a-z_][\w-]*$/.test(t)) return true;
  if (t === "/home/coder" || /^\/home\/[^/]+$/.test(t)) return true;
  // One level below the folders the system lives in: /usr/local, /nix/store, /var/lib, /etc/ssl.
  if (
    /^\/(usr|nix|etc|boot|bin|sbin|lib|lib32|lib64|srv|root|var)\/[^/]+$/.test(t) &&
    !/^\/var\/tmp$/.test(t)
  ) {
    return true;
  }
  const top = /^\/([^/]+)$/.exec(t)?.[1];
  return top !== undefined && (SYSTEM.includes(top) || top.startsWith(HOLE));
}

/** The above, everything here (`.`, `..`, `*`, `.*`), the repository's history (`.git`), or a path that is only a run-time value. */
export function isRootish(f: Field): boolean {
  if (isSystemRoot(f)) return true;
  const t = stripTail(f.text);
  if ([".", "..", "*", ".*", "./*", "../*", "./", "../", ".git", "./.git"].includes(t)) return true;
  // Nothing static but the variable (and maybe a slash): `"$X"`, `$X/`, `$X/*`, `${X:0:1}`.
  return f.dynamic && new RegExp(`^${HOLE}+(/\\*?)?$`).test(f.text);
}

const DEVICE = /^\/dev\/(sd|nvme|hd|vd|xvd|disk|mmcblk|dm-|loop|md|sr|nbd|mapper\/|mem$|kmem$|port$)/;
const HARMLESS_DEV = /^\/dev\/(null|zero|full|random|urandom|stdout|stderr|stdin|tty|fd\/|pts\/|shm\/)/;
const SYSTEM_FILE = /^\/(etc|boot|usr|bin|sbin|lib|lib32|lib64|sys|root|var\/lib|proc)(\/|$)/;

/** The rule a write (redirection, tee, cp, dd of=) to `path` breaks, if any. */
export function writeTarget(path: string): "reverse-shell" | "write-device" | "write-system-file" | null {
  if (/^\/dev\/(tcp|udp)\//.test(path)) return "reverse-shell";
  if (HARMLESS_DEV.test(path)) return null;
  if (DEVICE.test(path)) return "write-device";
  if (/^\/proc\/self\/fd\//.test(path)) return null;
  if (SYSTEM_FILE.test(path)) return "write-system-file";
  return null;
}
