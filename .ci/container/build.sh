#!/usr/bin/env bash
# Builds the container image localhost/p2l:latest from the Containerfile on a
# bare Debian machine of CI's kind, without pulling from any container
# registry:
#
#   1. podman, runc and mmdebstrap from Debian's packages, if missing;
#   2. the base localhost/p2l-base:trixie, once: Debian trixie's essential
#      packages with nodejs (20.19) and ca-certificates, made by mmdebstrap
#      from the apt mirror this machine uses, without documentation, manual
#      pages or translations, imported with `podman import`;
#   3. the release tarball, packed from a copy of the checkout's files
#      (or P2L_TARBALL, one already packed, e.g. by .ci/install/check.sh);
#   4. `podman build --pull=never` with that base as BASE and as BUILDER;
#      the builder gets npm by a read-only bind mount of this machine's npm
#      (Debian's nodejs has none), and the dependencies come from the npm
#      registry (through this machine's npm cache) as package-lock.json pins.
#
# Idempotent: a second run reuses the base and, when the tarball has not
# changed, every layer. P2L_REBUILD_BASE=1 makes the base anew (Debian's
# updates). Needs root (rootful podman), node and npm, and the checkout's
# node_modules (npm ci). Progress on stderr; prints the image's name on
# stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
checkout=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../install/lib.sh
. "$checkout/.ci/install/lib.sh"

image=${P2L_IMAGE:-localhost/p2l:latest}
base=${P2L_BASE_IMAGE:-localhost/p2l-base:trixie}
suite=trixie
export CONTAINERS_CONF=${CONTAINERS_CONF:-$here/containers.conf}

say() { echo "container-build: $*" >&2; }
started=$SECONDS
work=$(mktemp -d /tmp/p2l-container-build.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'say "FAIL (exit $?): $BASH_COMMAND"' ERR

if [ "$(id -u)" != 0 ]; then
  say "needs root (rootful podman, and apt-get for what is missing)"
  exit 2
fi

missing=()
for tool in podman:podman runc:runc mmdebstrap:mmdebstrap; do
  command -v "${tool%%:*}" > /dev/null || missing+=("${tool#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} from Debian's packages"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
fi

# The Debian mirror of this machine's own apt sources (deb822 or one-line).
debian_mirror() {
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2> /dev/null \
    | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n 1 | tr -d ' ') || true
  echo "${uri:-http://deb.debian.org/debian}"
}

if [ "${P2L_REBUILD_BASE:-}" = 1 ] || ! podman image exists "$base"; then
  mirror=$(debian_mirror)
  say "making the base $base: Debian $suite with nodejs from $mirror (mmdebstrap)"
  step=$SECONDS
  # Essential packages only (no apt: the image is rebuilt, never upgraded in place).
  mmdebstrap --quiet --variant=essential --include=nodejs,ca-certificates \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    "$suite" "$work/base.tar" "$mirror" >&2
  podman import --quiet --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$work/base.tar" "$base" > /dev/null
  rm -f "$work/base.tar"
  say "base made in $((SECONDS - step)) s: $(podman run --rm --network host "$base" node --version)"
else
  say "base $base is there (P2L_REBUILD_BASE=1 makes it anew)"
fi

mkdir -p "$work/context"
if [ -n "${P2L_TARBALL:-}" ]; then
  cp "$P2L_TARBALL" "$work/context/"
else
  say "npm pack (from a copy of the checkout's files)"
  cp "$(pack_checkout "$checkout" "$work/pack")" "$work/context/"
fi
cp "$checkout/package-lock.json" "$work/context/"
say "context: $(basename "$work"/context/p2l-*.tgz) package-lock.json"

npm_dir=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)
npm_cache=$(npm config get cache)
mkdir -p "$npm_cache"
# The builder's npm trusts what this machine's npm trusts: its cafile, if set
# (a machine behind a TLS-inspecting proxy has one), over the builder's bundle.
npm_flags=(--volume "$npm_dir:/opt/npm:ro" --volume "$npm_cache:/root/.npm")
npm_command="node /opt/npm/bin/npm-cli.js"
cafile=$(npm config get cafile)
if [ -n "$cafile" ] && [ "$cafile" != null ] && [ "$cafile" != undefined ] && [ -f "$cafile" ]; then
  npm_flags+=(--volume "$cafile:/opt/npm-cafile.pem:ro")
  npm_command+=" --cafile=/opt/npm-cafile.pem"
fi
previous=$(podman image inspect --format '{{.Id}}' "$image" 2> /dev/null || true)
say "podman build $image"
step=$SECONDS
podman build --quiet --pull=never --network host --layers \
  --file "$checkout/Containerfile" \
  --build-arg BASE="$base" --build-arg BUILDER="$base" \
  --build-arg NPM="$npm_command" "${npm_flags[@]}" \
  --tag "$image" "$work/context" > /dev/null
current=$(podman image inspect --format '{{.Id}}' "$image")
# The image this build replaced, now untagged, would pile up run after run.
if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
  podman rmi "$previous" > /dev/null 2>&1 || true
fi
size=$(podman image inspect --format '{{.Size}}' "$image")
say "built $image in $((SECONDS - step)) s: $((size / 1000000)) MB ($(podman image inspect --format '{{.Size}}' "$base" | awk '{printf "%d", $1 / 1000000}') MB of it the base); $(podman run --rm --network host "$image" --version)"
say "done in $((SECONDS - started)) s"
echo "$image"
