#!/usr/bin/env bash
# A fake `docker` for scripts/swarm-move-workspace.test.ts: a manager that knows service kalpana-ws-ws1
# (on NODEA, replicas 1) and nodes nodea/nodeb; the engines $FAKE_A and $FAKE_B are those nodes; a
# volume exists on a node when $FAKE_DIR/<node>-<volume> does. Every call is logged to $FAKE_DIR/log.
# FAKE_REPLICAS, FAKE_TARGET_STATE, FAKE_DIFFER change one answer each.
echo "$DOCKER_HOST $*" >>"$FAKE_DIR/log"
fmt=""; for ((i = 1; i <= $#; i++)); do [[ ${!i} == --format ]] && { j=$((i + 1)); fmt=${!j}; }; done
node=$([[ $DOCKER_HOST == "$FAKE_A" ]] && echo NODEA || { [[ $DOCKER_HOST == "$FAKE_B" ]] && echo NODEB; })
case "$1 $2" in
  "service inspect")
    [[ $3 == kalpana-ws-ws1 ]] || exit 1
    case $fmt in
      '{{.ID}}') echo svc1 ;;
      *kalpana.node*) echo NODEA ;;
      *Replicas*) echo "${FAKE_REPLICAS:-1}" ;;
      *Image*) echo reg:5000/kalpana/workspace:abc ;;
    esac ;;
  "node inspect")
    case $3 in nodea | NODEA) id=NODEA ;; nodeb | NODEB) id=NODEB ;; *) exit 1 ;; esac
    case $fmt in
      '{{.ID}}') echo $id ;;
      *State*) echo "${FAKE_TARGET_STATE:-ready active}" ;;
      *pool*) echo ws ;;
    esac ;;
  "info --format") echo "$node" ;;
  "volume inspect")
    [[ -e $FAKE_DIR/$node-$3 ]] || exit 1
    if [[ -n $fmt ]]; then printf 'kalpana.owner=u1\nkalpana.workspace=ws1\n'; fi ;;
  "volume create") touch "$FAKE_DIR/$node-${!#}" ;;
  "volume rm") rm "$FAKE_DIR/$node-$3" ;;
  "ps -q") ;;
  "run --rm")
    case "$*" in
      *" -cf - ."*) printf 'tar-of-%s' "$node" ;;
      *" -xpf -"*) cat >"$FAKE_DIR/copied-$node-$(echo "$*" | grep -o 'kalpana-ws1-[a-z]*' | head -1)" ;;
      *" -c "*) if [[ $node == NODEB && -n ${FAKE_DIFFER:-} ]]; then printf '9\n100\n'; else printf '12\n3456\n'; fi ;;
    esac ;;
  "service update") ;;
  *) echo "fake docker: unexpected $*" >&2; exit 9 ;;
esac
