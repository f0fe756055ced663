#!/usr/bin/env bash
# Moves one workspace, with its data, to another Swarm node (docs/SCALING.md "Draining a node").
# A workspace's three volumes are node-local and its service is pinned to the node that holds them,
# so `docker node update --availability drain` alone leaves it stuck ("no suitable node"). This:
#   1. stops it (replicas 0) and waits until no container of it runs on the source node;
#   2. copies kalpana-<id>-{workspace,home,nix} from the source node's engine to the target node's
#      (tar as root, numeric owners and modes kept, the volumes' labels kept), then compares entry
#      counts and file bytes;
#   3. repins the service: label kalpana.node and the placement constraint node.id==<target>;
#   4. starts it again if it was running. The source volumes stay until you remove them (printed).
# Needs the manager's engine (DOCKER_HOST or --manager) and BOTH nodes' engines (--from, --to:
# unix://, tcp:// or ssh:// addresses, e.g. ssh://root@node-a). Stop Kalpana's web servers or tell
# users first: a start through Kalpana during the copy would run the old node's data.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: swarm-move-workspace.sh [options] <workspace-id> <target-node>
  --from <engine>     the source node's Docker engine (unix://, tcp:// or ssh://)      required
  --to <engine>       the target node's Docker engine                                  required
  --manager <engine>  a Swarm manager (default: $DOCKER_HOST)
  --image <image>     image with tar for the copy (default: the workspace's own image)
  --overwrite         replace volumes of that name that already exist on the target
  --dry-run           print the docker commands, change nothing
<target-node> is a node ID or hostname (docker node ls).
EOF
}

die() { # a failure on the way: exit 1
  echo "swarm-move-workspace: $*" >&2
  exit 1
}
bad() { # a usage error: exit 2, before anything was read or changed
  echo "swarm-move-workspace: $*" >&2
  exit 2
}

engine_ok() { [[ $1 =~ ^(unix|tcp|ssh)://[^[:space:]\;\&\|\`\$]+$ ]]; }

id="" target="" from="" to="" manager="${DOCKER_HOST:-}" image="" overwrite=0 dry=0
while (($#)); do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --from | --to | --manager | --image)
      (($# >= 2)) || bad "$1 needs a value"
      case $1 in
        --from) from=$2 ;; --to) to=$2 ;; --manager) manager=$2 ;; --image) image=$2 ;;
      esac
      shift 2 ;;
    --overwrite) overwrite=1; shift ;;
    --dry-run) dry=1; shift ;;
    --) shift; break ;;
    -*) usage >&2; bad "unknown option $1" ;;
    *) break ;;
  esac
done
(($# == 2)) || { usage >&2; bad "expected <workspace-id> <target-node>"; }
id=$1 target=$2
[[ $id =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$ ]] || bad "not a workspace id: $id"
[[ $target =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ ]] || bad "not a node ID or hostname: $target"
[[ -n $from && -n $to ]] || bad "--from and --to (the two nodes' engines) are required"
for e in "$from" "$to"; do engine_ok "$e" || bad "not an engine address (unix://, tcp://, ssh://): $e"; done
[[ -n $manager ]] || bad "no manager: set DOCKER_HOST or --manager"
engine_ok "$manager" || bad "not an engine address (unix://, tcp://, ssh://): $manager"
[[ $from != "$to" ]] || bad "--from and --to are the same engine"
[[ -z $image || $image =~ ^[A-Za-z0-9][A-Za-z0-9._/:@-]*$ ]] || bad "not an image name: $image"

service="kalpana-ws-$id"
kinds=(workspace home nix)
on() { # on <engine> docker-args...: one docker call that changes something (only printed in --dry-run)
  local engine=$1
  shift
  if ((dry)); then # to stderr: the real calls' output is thrown away
    {
      printf 'DOCKER_HOST=%s docker' "$engine"
      printf ' %q' "$@"
      printf '\n'
    } >&2
  else
    DOCKER_HOST=$engine docker "$@"
  fi
}
say() { echo "swarm-move-workspace: $*" >&2; }

# What the service looks like now (read even in --dry-run: nothing here changes anything).
inspect() { DOCKER_HOST=$manager docker service inspect "$service" --format "$1"; }
inspect '{{.ID}}' >/dev/null || die "no service $service on the manager"
old_node=$(inspect '{{index .Spec.Labels "kalpana.node"}}')
[[ -n $old_node ]] || die "$service has no kalpana.node label"
replicas=$(inspect '{{if .Spec.Mode.Replicated}}{{.Spec.Mode.Replicated.Replicas}}{{end}}')
[[ -n $image ]] || image=$(inspect '{{.Spec.TaskTemplate.ContainerSpec.Image}}')
new_node=$(DOCKER_HOST=$manager docker node inspect "$target" --format '{{.ID}}') || die "no node $target"
[[ $new_node != "$old_node" ]] || die "$service is on $target already"
state=$(DOCKER_HOST=$manager docker node inspect "$new_node" --format '{{.Status.State}} {{.Spec.Availability}}')
[[ $state == "ready active" ]] || die "target node $target is $state, not ready and active"
pool=$(DOCKER_HOST=$manager docker node inspect "$new_node" --format '{{index .Spec.Labels "kalpana.pool"}}')
[[ $pool == ws ]] || say "warning: $target lacks the label kalpana.pool=ws (new workspaces never go there)"
# The engines must be the nodes they claim to be: a wrong --from would copy another node's volumes.
from_id=$(DOCKER_HOST=$from docker info --format '{{.Swarm.NodeID}}') || die "cannot reach --from $from"
to_id=$(DOCKER_HOST=$to docker info --format '{{.Swarm.NodeID}}') || die "cannot reach --to $to"
[[ $from_id == "$old_node" ]] || die "--from is node ${from_id:-?}, but $service lives on $old_node"
[[ $to_id == "$new_node" ]] || die "--to is node ${to_id:-?}, not $target ($new_node)"
for k in "${kinds[@]}"; do
  v="kalpana-$id-$k"
  DOCKER_HOST=$from docker volume inspect "$v" >/dev/null || die "volume $v is not on the source node"
  if DOCKER_HOST=$to docker volume inspect "$v" >/dev/null 2>&1 && ((!overwrite)); then
    die "volume $v exists on the target already (--overwrite replaces it)"
  fi
done
say "moving $service ($image) from node $old_node to $new_node; replicas now ${replicas:-0}"

# 1. Stop, and wait for the source node to have no container of it (a task stops in 3-6 s).
on "$manager" service update --detach --replicas 0 "$service" >/dev/null
if ((!dry)); then
  for _ in $(seq 120); do
    [[ -z $(DOCKER_HOST=$from docker ps -q --filter "label=com.docker.swarm.service.name=$service") ]] && break
    sleep 1
  done
  [[ -z $(DOCKER_HOST=$from docker ps -q --filter "label=com.docker.swarm.service.name=$service") ]] \
    || die "a container of $service still runs on the source node after 120 s; nothing was copied"
fi

# 2. Copy each volume. Root in throwaway containers without network; owners and modes kept.
# Entries and the bytes of regular files (a folder's own size depends on its filesystem's history).
count='find /v -xdev | wc -l; find /v -xdev -type f -printf "%s\n" | awk "{ s += \$1 } END { print s + 0 }"'
for k in "${kinds[@]}"; do
  v="kalpana-$id-$k"
  labels=()
  while IFS= read -r l; do [[ -n $l ]] && labels+=(--label "$l"); done < <(
    DOCKER_HOST=$from docker volume inspect "$v" --format '{{range $k, $x := .Labels}}{{$k}}={{$x}}{{"\n"}}{{end}}'
  )
  if ((overwrite)) && DOCKER_HOST=$to docker volume inspect "$v" >/dev/null 2>&1; then
    on "$to" volume rm "$v" >/dev/null
  fi
  on "$to" volume create "${labels[@]}" "$v" >/dev/null
  run=(run --rm --network none --user 0:0 --entrypoint)
  if ((dry)); then
    on "$from" "${run[@]}" tar -v "$v:/v:ro" "$image" --numeric-owner -C /v -cf - .
    on "$to" "${run[@]}" tar -i -v "$v:/v" "$image" --numeric-owner -C /v -xpf -
    continue
  fi
  say "copying $v"
  DOCKER_HOST=$from docker "${run[@]}" tar -v "$v:/v:ro" "$image" --numeric-owner -C /v -cf - . |
    DOCKER_HOST=$to docker "${run[@]}" tar -i -v "$v:/v" "$image" --numeric-owner -C /v -xpf -
  a=$(DOCKER_HOST=$from docker "${run[@]}" sh -v "$v:/v:ro" "$image" -c "$count")
  b=$(DOCKER_HOST=$to docker "${run[@]}" sh -v "$v:/v:ro" "$image" -c "$count")
  [[ $a == "$b" ]] || die "copy of $v differs (source: ${a//$'\n'/ entries, } bytes; target: ${b//$'\n'/ entries, } bytes); the service still points at the source"
  say "copied $v (${a//$'\n'/ entries, } bytes)"
done

# 3. Repin: the label the runtime reads and the constraint Swarm places by. 4. Start again if it ran.
on "$manager" service update --detach \
  --label-add "kalpana.node=$new_node" --container-label-add "kalpana.node=$new_node" \
  --constraint-rm "node.id==$old_node" --constraint-add "node.id==$new_node" "$service" >/dev/null
if [[ ${replicas:-0} != 0 ]]; then
  on "$manager" service update --detach --replicas "$replicas" "$service" >/dev/null
fi
started=""
[[ ${replicas:-0} == 0 ]] || started=", starting"
say "done: $service is pinned to $new_node$started"
say "after checking it, remove the old copies on the source node:"
say "  DOCKER_HOST=$from docker volume rm$(printf ' kalpana-%s-%s' "$id" workspace "$id" home "$id" nix)"
