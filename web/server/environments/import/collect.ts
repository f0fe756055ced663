// What every converter builds up: packages, variables, hooks, ports, extensions and warnings,
// each capped and checked as it is added, so a hostile file cannot grow any list past the
// contract's limits or slip an invalid name through.
import { envVarNameProblem, MAX_VAR_VALUE } from "../../../contract/env-vars";
import {
  EXTENSION_ID_PATTERN,
  type Hook,
  MAX_EXTENSIONS,
  MAX_HOOK_COMMAND,
  MAX_HOOKS,
  MAX_PACKAGES,
  MAX_PORTS,
  MAX_WARNINGS,
} from "../../../contract/portable-config";
import { isAttrPath } from "./render-flake";

const show = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

export class Collected {
  packages: string[] = [];
  env: { name: string; value: string }[] = [];
  onCreate: Hook[] = [];
  onStart: Hook[] = [];
  ports: number[] = [];
  extensions: string[] = [];
  warnings: string[] = [];

  warn(message: string): void {
    const m = message.slice(0, 500);
    if (this.warnings.includes(m)) return;
    if (this.warnings.length < MAX_WARNINGS - 1) this.warnings.push(m);
    else if (this.warnings.length === MAX_WARNINGS - 1) this.warnings.push("… more warnings left out.");
  }

  addPackage(path: string[], from: string): void {
    if (!isAttrPath(path)) {
      this.warn(`${from}: ${show(path.join("."))} is not a nixpkgs attribute name: left out.`);
      return;
    }
    const name = path.join(".");
    if (this.packages.includes(name)) return;
    if (this.packages.length >= MAX_PACKAGES) {
      this.warn(`${from}: more than ${MAX_PACKAGES} packages: the rest left out.`);
      return;
    }
    this.packages.push(name);
  }

  addEnv(name: string, value: string, from: string): void {
    const problem = envVarNameProblem(name);
    if (problem) {
      this.warn(`${from}: variable ${show(name)} left out: ${problem}.`);
      return;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: variables cannot hold NUL
    if (value.length > MAX_VAR_VALUE || /\x00/.test(value)) {
      this.warn(`${from}: variable ${name} left out: its value is too long or holds NUL.`);
      return;
    }
    if (this.env.length >= 100) {
      this.warn(`${from}: more than 100 variables: ${name} and the rest left out.`);
      return;
    }
    this.env = [...this.env.filter((e) => e.name !== name), { name, value }];
  }

  addHook(when: "onCreate" | "onStart", name: string, command: string, from: string): void {
    const list = this[when];
    const safeName = name.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 64) || "hook";
    // biome-ignore lint/suspicious/noControlCharactersInRegex: bash -c cannot take NUL
    if (!command.trim() || command.length > MAX_HOOK_COMMAND || /\x00/.test(command)) {
      this.warn(
        `${from}: command ${show(name)} left out: empty, holds NUL or longer than ${MAX_HOOK_COMMAND}.`,
      );
      return;
    }
    if (list.length >= MAX_HOOKS) {
      this.warn(`${from}: more than ${MAX_HOOKS} commands: ${show(name)} left out.`);
      return;
    }
    let unique = safeName;
    for (let n = 2; list.some((h) => h.name === unique); n++) unique = `${safeName}-${n}`;
    list.push({ name: unique, command });
  }

  addPort(port: number, from: string): void {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      this.warn(`${from}: port ${port} is not a TCP port.`);
      return;
    }
    if (this.ports.includes(port)) return;
    if (this.ports.length >= MAX_PORTS) {
      this.warn(`${from}: more than ${MAX_PORTS} ports: ${port} left out.`);
      return;
    }
    this.ports.push(port);
  }

  addExtension(id: string, from: string): void {
    if (!EXTENSION_ID_PATTERN.test(id)) {
      this.warn(`${from}: extension ${show(id)} is not publisher.name: left out.`);
      return;
    }
    if (this.extensions.some((e) => e.toLowerCase() === id.toLowerCase())) return;
    if (this.extensions.length >= MAX_EXTENSIONS) {
      this.warn(`${from}: more than ${MAX_EXTENSIONS} extensions: ${id} left out.`);
      return;
    }
    this.extensions.push(id);
  }

  setup() {
    return { onCreate: this.onCreate, onStart: this.onStart, ports: this.ports, extensions: this.extensions };
  }
}

/** POSIX single-quoted words: an argument list from a config becomes one safe command line. */
export const shellWords = (args: string[]): string =>
  args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
