#!/usr/bin/env bash
# Run as root on every Swarm node that takes workspaces (docs/SCALING.md), after its dockerd is up:
#   swarm-node-firewall.sh <cluster CIDR> [bridge]   e.g. 10.0.0.0/24, the network the nodes talk on;
#                                                    bridge: the node's default bridge (docker0)
# A workspace's bridge port is published on the node's address (host mode: Swarm has no routing mesh
# here), so without these rules a workspace could open another workspace's port on its own node or on
# any other node. Workspace tasks join the node's default bridge (dockerd with --icc=false); their traffic may not start a connection to the
# node itself, nor to any address of the cluster network; replies to the web server still flow
# (only NEW connections are refused). Link-local (cloud metadata) is refused as on one host.
# Idempotent: a rule that exists is not added twice.
set -euo pipefail
cidr=${1:?usage: swarm-node-firewall.sh <cluster CIDR> [bridge]}
bridge=${2:-docker0}
comment="kalpana: workspaces never reach nodes or the metadata service"
add() { # add <chain> <rule...>
  local chain=$1; shift
  iptables -w -C "$chain" "$@" -m comment --comment "$comment" 2>/dev/null \
    || iptables -w -I "$chain" "$@" -m comment --comment "$comment"
}
iptables -w -S DOCKER-USER >/dev/null 2>&1 || iptables -w -N DOCKER-USER
for dst in "$cidr" 169.254.0.0/16; do
  add DOCKER-USER -i "$bridge" -d "$dst" -m conntrack --ctstate NEW -j REJECT --reject-with icmp-admin-prohibited
done
add INPUT -i "$bridge" -m conntrack --ctstate NEW -j REJECT --reject-with icmp-admin-prohibited
