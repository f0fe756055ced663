#!/bin/sh
# The stack's one-shot `images` service (root, host network, NET_ADMIN, the Docker socket): installs
# the host firewall rules that keep workspaces away from link-local/metadata addresses (they live in
# the host's netfilter, which this container shares), then builds the workspace images. Both are
# idempotent: `docker compose up -d` runs this again and it finishes in seconds when nothing changed.
set -eu
cd /app
# Use the iptables backend the host's dockerd uses (its DOCKER-USER chain is where the rules go).
if ! iptables-nft -S DOCKER-USER >/dev/null 2>&1 && iptables-legacy -S DOCKER-USER >/dev/null 2>&1; then
  update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null
fi
node --import tsx scripts/firewall.ts
# firewall.ts is silent when every rule is already there; say so (an installed rule is printed above).
iptables -w -S DOCKER-USER | grep -q 169.254.0.0/16 && echo "[firewall] metadata REJECT rules in place"
exec node --import tsx images/build.ts
