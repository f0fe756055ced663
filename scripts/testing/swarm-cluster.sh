#!/usr/bin/env bash
# A real 3-node Docker Swarm on this one machine, for the Swarm runtime's tests (docs/SCALING.md,
# recipe measured in SWARM.md): a hub network namespace with a bridge, three more namespaces each
# running its own dockerd (a manager and two workers, all labelled kalpana.pool=ws), and an image
# registry (Debian's docker-registry). The default engine (/var/run/docker.sock) is never touched.
#
#   swarm-cluster.sh up [--image <local image>]   start (idempotent: a leftover cluster is torn down first)
#   swarm-cluster.sh down                         stop everything it started, also after a crash
#
# `up` prints KEY=VALUE lines (and writes them to $KALPANA_SWARM_DIR/env): DOCKER_HOST of the manager,
# each node's socket, KALPANA_REGISTRY (the address the nodes pull from), the push address and the
# nodes' KALPANA_DISK_DIR and KALPANA_DISK_LINK_DIR.
# Teardown is exact: dockerds by their pidfile PID, then only the PIDs left in this cluster's own
# cgroups (each node's daemons in /ks-<node>-daemon, its containers in /ks-<node> via --cgroup-parent),
# namespaces by name, the folder. Nothing is ever killed by process name.
#
# Routing: the host gets a veth into the hub bridge (10.213.7.1), so a test process on the host
# reaches every node's address (host-mode published ports) directly, as a web server on the
# manager's network would.
set -euo pipefail

DIR=${KALPANA_SWARM_DIR:-/tmp/kalpana-swarm}
NET=10.213.7          # the hub /24: host .1, nodes .11-.13
NODES=(ks-mgr ks-w1 ks-w2)
HUB=ks-hub
REG_PORT=5055
CGROOT=/sys/fs/cgroup
# Every node's engine also listens here, inside its own mount namespace: the one path the runtime's
# clean-up job mounts on whichever node it runs (KALPANA_SWARM_NODE_SOCKET; /var/run/docker.sock on
# real nodes).
NODE_SOCK_DIR=/run/kalpana-swarm-node
# The workspaces' disk images (KALPANA_DISK_DIR, runtime/docker/disks.ts) of every node: on the host's
# disk (never a tmpfs), shared by the nodes as each real node has its own; released by `down`.
DISK_DIR=${KALPANA_SWARM_DISK_DIR:-/var/lib/kalpana-swarm-disks}
# Their links to the loop devices (KALPANA_DISK_LINK_DIR): on the host's /run, a tmpfs a reboot
# empties, as on a real node; shared by the nodes too, removed by `down`.
LINK_DIR=${KALPANA_SWARM_DISK_LINK_DIR:-/run/kalpana-swarm-disk-links}

say() { printf '[swarm-cluster] %s\n' "$*" >&2; }

node_dir() { echo "$DIR/$1"; }
node_sock() { echo "$DIR/$1/docker.sock"; }

kill_pidfile() { # kill_pidfile <file> <signal>
  local pid
  [[ -f $1 ]] || return 0
  pid=$(cat "$1" 2>/dev/null || true)
  [[ -n $pid ]] && kill "-$2" "$pid" 2>/dev/null || true
}

cgroup_pids() { # every PID in this cluster's cgroups (pids hierarchy), nested ones too
  local n
  for n in "${NODES[@]}"; do
    for cg in "$CGROOT/pids/$n" "$CGROOT/pids/$n-daemon"; do
      [[ -d $cg ]] && find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null
    done
  done
  true
}

down() {
  local n i
  # Services first (their tasks stop cleanly), then each dockerd by its pidfile.
  if [[ -S $(node_sock ks-mgr) ]]; then
    DOCKER_HOST=unix://$(node_sock ks-mgr) timeout 10 docker service ls -q 2>/dev/null \
      | xargs -r env DOCKER_HOST="unix://$(node_sock ks-mgr)" timeout 10 docker service rm >/dev/null 2>&1 || true
  fi
  for n in "${NODES[@]}"; do kill_pidfile "$(node_dir "$n")/docker.pid" TERM; done
  for f in "$DIR"/registry-*.pid; do kill_pidfile "$f" TERM; done
  for i in $(seq 1 50); do
    [[ -z $(cgroup_pids) ]] && break
    sleep 0.2
  done
  # What outlived TERM (shims, containers of a crashed run): only PIDs inside our own cgroups.
  cgroup_pids | xargs -r kill -9 2>/dev/null || true
  for f in "$DIR"/registry-*.pid; do kill_pidfile "$f" KILL; done
  sleep 0.3
  for n in "${NODES[@]}"; do
    for ctl in "$CGROOT"/*/; do
      for cg in "$ctl$n" "$ctl$n-daemon"; do
        [[ -d $cg ]] && find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || true
      done
    done
    # The node's mounts (overlay layers, volumes) live in its own mount namespace and die with it;
    # anything left in ours under the folder is unmounted before the folder goes.
    grep -o " $(node_dir "$n")/[^ ]*" /proc/mounts 2>/dev/null | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    ip netns del "$n" 2>/dev/null || true
  done
  ip link del ks-host 2>/dev/null || true
  ip netns del "$HUB" 2>/dev/null || true
  release_disks
  rm -rf "$DIR"
}

release_disks() { # loop devices of the images in DISK_DIR (nothing mounts them once the nodes are gone)
  local img dev
  [[ -d $DISK_DIR ]] || { rm -rf "$LINK_DIR"; return 0; }
  for img in "$DISK_DIR"/*.img; do
    [[ -e $img ]] || continue
    # The kernel prints the backing path as the helper's mount namespace saw it: match the file name.
    for dev in $(losetup -a 2>/dev/null | awk -v f="$(basename "$img")" -F'[:()]' '{ n = split($(NF-1), p, "/"); if (p[n] == f) print $1 }'); do
      losetup -d "$dev" 2>/dev/null || true
    done
  done
  rm -rf "$DISK_DIR" "$LINK_DIR"
}

start_registry() { # start_registry <name> <addr>: both processes serve the same storage folder
  cat >"$DIR/registry-$1.yml" <<EOF
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $DIR/registry }, delete: { enabled: true } }
http: { addr: "$2" }
EOF
  setsid docker-registry serve "$DIR/registry-$1.yml" >"$DIR/registry-$1.log" 2>&1 &
  echo $! >"$DIR/registry-$1.pid"
}

start_node() { # start_node <ns> <index>
  local n=$1 i=$2 d
  d=$(node_dir "$n")
  mkdir -p "$d/cg" "$d/data" "$d/exec"
  ip netns add "$n"
  ip link add "$n-h" type veth peer name eth0 netns "$n"
  ip link set "$n-h" netns "$HUB"
  ip -n "$HUB" link set "$n-h" master ks-br up
  ip -n "$n" addr add "$NET.1$i/24" dev eth0
  ip -n "$n" link set eth0 up
  ip -n "$n" link set lo up
  ip -n "$n" route add default via "$NET.1"
  mkdir -p "$CGROOT/pids/$n-daemon"
  # Not `ip netns exec` (it remounts /sys and hides the cgroup mount): nsenter + unshare as SWARM.md.
  setsid nsenter --net="/run/netns/$n" unshare --uts --mount --propagation slave sh -c "$(node_cmd "$n" "$i")" \
    >"$d/dockerd.log" 2>&1 &
}

node_cmd() { # node_cmd <ns> <index>: the shell a node's dockerd runs in (its own UTS and mount namespace)
  local n=$1 i=$2 d
  d=$(node_dir "$n")
  # The shell joins its daemon cgroup first, so dockerd, containerd and every shim inherit it.
  cat <<EOS
    echo \$\$ > $CGROOT/pids/$n-daemon/cgroup.procs
    hostname $n
    mkdir -p $d/cg && mount --rbind /sys/fs/cgroup $d/cg && mount -t sysfs sysfs /sys && mount --rbind $d/cg /sys/fs/cgroup && umount -l $d/cg
    mkdir -p $NODE_SOCK_DIR && mount -t tmpfs -o mode=0700 tmpfs $NODE_SOCK_DIR
    exec dockerd -H unix://$d/docker.sock -H unix://$NODE_SOCK_DIR/docker.sock --data-root $d/data --exec-root $d/exec --pidfile $d/docker.pid \
      --bip 10.213.1$i.1/24 --default-address-pool base=10.22$i.0.0/16,size=24 \
      --cgroup-parent /$n --insecure-registry $NET.1:$REG_PORT --shutdown-timeout 2 \
      --no-new-privileges --icc=false --log-level warn
EOS
}

wait_sock() {
  local i
  for i in $(seq 1 150); do
    DOCKER_HOST=unix://$1 docker info >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  say "dockerd at $1 did not come up"; return 1
}

up() {
  local image=""
  [[ ${1:-} == --image ]] && image=$2
  down
  mkdir -p "$DIR/registry" "$DISK_DIR" "$LINK_DIR"
  ip netns add "$HUB"
  ip -n "$HUB" link add ks-br type bridge
  ip -n "$HUB" link set ks-br up
  ip link add ks-host type veth peer name ks-host-h netns "$HUB"
  ip -n "$HUB" link set ks-host-h master ks-br up
  ip addr add "$NET.1/24" dev ks-host
  ip link set ks-host up
  # Push side on loopback (the default engine trusts a loopback registry without TLS), pull side on
  # the hub address the nodes trust with --insecure-registry: two servers, one storage folder.
  start_registry push "127.0.0.1:$REG_PORT"
  start_registry pull "$NET.1:$REG_PORT"
  local i=1
  for n in "${NODES[@]}"; do start_node "$n" "$i"; i=$((i + 1)); done
  for n in "${NODES[@]}"; do wait_sock "$(node_sock "$n")"; done
  local mgr="unix://$(node_sock ks-mgr)"
  DOCKER_HOST=$mgr docker swarm init --advertise-addr "$NET.11" --default-addr-pool 10.230.0.0/16 >/dev/null
  local token
  token=$(DOCKER_HOST=$mgr docker swarm join-token -q worker)
  for n in ks-w1 ks-w2; do
    DOCKER_HOST=unix://$(node_sock "$n") docker swarm join --token "$token" "$NET.11:2377" >/dev/null
  done
  i=1
  for n in "${NODES[@]}"; do
    DOCKER_HOST=$mgr docker node update --label-add kalpana.pool=ws "$n" >/dev/null
    nsenter --net="/run/netns/$n" bash "$(dirname "$0")/../swarm-node-firewall.sh" "$NET.0/24"
    i=$((i + 1))
  done
  if [[ -n $image ]]; then
    docker tag "$image" "127.0.0.1:$REG_PORT/$image"
    docker push -q "127.0.0.1:$REG_PORT/$image" >/dev/null
    docker rmi "127.0.0.1:$REG_PORT/$image" >/dev/null
  fi
  {
    echo "DOCKER_HOST=$mgr"
    echo "KALPANA_REGISTRY=$NET.1:$REG_PORT"
    echo "KALPANA_SWARM_PUSH=127.0.0.1:$REG_PORT"
    echo "KALPANA_SWARM_NODE_SOCKET=$NODE_SOCK_DIR/docker.sock"
    echo "KALPANA_DISK_DIR=$DISK_DIR"
    echo "KALPANA_DISK_LINK_DIR=$LINK_DIR"
    for n in "${NODES[@]}"; do echo "KALPANA_SWARM_SOCK_${n#ks-}=unix://$(node_sock "$n")"; done
  } | tee "$DIR/env"
}

# A node's engine dies (kill -9, as a crashed machine) or comes back with its data and swarm state.
kill_node() { kill_pidfile "$(node_dir "$1")/docker.pid" KILL; }
revive_node() {
  local n=$1 i=0 k
  for k in "${!NODES[@]}"; do [[ ${NODES[$k]} == "$n" ]] && i=$((k + 1)); done
  ((i)) || { say "no node $n"; return 1; }
  # Its containers kept running without their engine (SWARM.md): the engine adopts them again.
  rm -f "$(node_dir "$n")/docker.pid"
  setsid nsenter --net="/run/netns/$n" unshare --uts --mount --propagation slave sh -c "$(node_cmd "$n" "$i")" \
    >>"$(node_dir "$n")/dockerd.log" 2>&1 &
  wait_sock "$(node_sock "$n")"
  nsenter --net="/run/netns/$n" bash "$(dirname "$0")/../swarm-node-firewall.sh" "$NET.0/24"
}

case ${1:-} in
  up) shift; up "$@" ;;
  down) down ;;
  kill-node) kill_node "$2" ;;
  revive-node) revive_node "$2" ;;
  *) echo "usage: $0 up [--image <image>] | down | kill-node <node> | revive-node <node>" >&2; exit 2 ;;
esac
