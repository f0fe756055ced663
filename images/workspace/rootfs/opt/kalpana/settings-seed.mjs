#!/usr/local/bin/node
// Brings VS Code user settings seeded by an older image up to date with /opt/kalpana/settings.json
// (run by the entrypoint once per seed version; fresh volumes just get a copy of that file).
// The user owns the file: a key is only ADDED when missing, or REPLACED when it still holds a
// value an older image seeded (in the form VS Code may have migrated it to). Anything else,
// and any file that is not plain JSON (comments), is left alone.
import { readFileSync, renameSync, writeFileSync } from "node:fs";

const [file, seedFile = "/opt/kalpana/settings.json"] = process.argv.slice(2);
// Values older images wrote, per key. VS Code 1.139 rewrites "Default Dark Modern" to "Dark Modern".
const previousSeeds = {
  "workbench.colorTheme": ["Default Dark Modern", "Dark Modern"],
};
const added = ["workbench.secondarySideBar.defaultVisibility"];

try {
  const seed = JSON.parse(readFileSync(seedFile, "utf8"));
  const user = JSON.parse(readFileSync(file, "utf8"));
  const changed = [];
  for (const [key, old] of Object.entries(previousSeeds)) {
    if (old.includes(user[key])) {
      user[key] = seed[key];
      changed.push(key);
    }
  }
  for (const key of added) {
    if (!(key in user)) {
      user[key] = seed[key];
      changed.push(key);
    }
  }
  if (changed.length) {
    writeFileSync(`${file}.kalpana-tmp`, `${JSON.stringify(user, null, 2)}\n`);
    renameSync(`${file}.kalpana-tmp`, file);
    console.error(`kalpana: updated VS Code settings: ${changed.join(", ")}`);
  }
} catch (err) {
  console.error(`kalpana: VS Code settings left as they are (${err.message})`);
}
