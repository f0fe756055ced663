// The host firewall rules that keep workspaces away from link-local addresses (the cloud metadata
// service at 169.254.169.254): see web/server/runtime/docker/firewall.ts and docs/SECURITY.md.
//   tsx scripts/firewall.ts            install what is missing (idempotent; scripts/setup.sh runs it)
//   tsx scripts/firewall.ts --remove   delete them (uninstall)
// Without root or iptables it explains and exits 0: the web server then warns at the first start.
import { ensureFirewall, removeFirewall } from "../web/server/runtime/docker/firewall";

const say = (msg: string) => console.log(`\x1b[1;34m[firewall]\x1b[0m ${msg}`);

if (process.argv.includes("--remove")) {
  say(`removed ${await removeFirewall()} rule(s)`);
} else {
  try {
    const report = await ensureFirewall();
    if (report.state === "skipped") {
      say(
        `skipped: ${report.reason}. Workspaces can reach 169.254.169.254 until the rules are installed ` +
          "(run this as root once per boot; docs/SECURITY.md lists them).",
      );
    } else if (report.added.length) {
      say(`installed: ${report.added.map((r) => `${r.chain} ${r.spec.join(" ")}`).join("; ")}`);
    }
  } catch (err) {
    console.error(`\x1b[1;31m[firewall]\x1b[0m ${(err as Error).message}`);
    process.exit(1);
  }
}
