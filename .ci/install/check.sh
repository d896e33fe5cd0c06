#!/usr/bin/env bash
# p2l installed, not cloned: packs the checkout as `npm pack` does for a
# release, installs the tarball with `npm install -g` into a temporary
# prefix, and from a temporary folder outside the checkout runs the
# installed `p2l --version`, `p2l demo`, and `p2l sim` + `p2l check` +
# `p2l export` against it; every exit code must be 0 and each run's five
# files must exist and be non-empty. Also imports, from the installed
# package, every package its dist/ imports, so that a devDependency used by
# a module these runs never load still fails here.
#
# The pack is made from a copy of the checkout's files (what git tracks or
# would add), so a stale or busy dist/ in the checkout neither leaks into
# the tarball nor is touched. Needs node and npm (Node 20.19+) and the
# checkout's node_modules (npm ci). Idempotent; progress on stderr.
#
#   bash .ci/install/check.sh
#
# P2L_KEEP=1 keeps the temporary folder; P2L_PACK_DIR=DIR also leaves the
# checked tarball in DIR (for .ci/container/build.sh's P2L_TARBALL).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
checkout=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

say() { echo "install-check: $*" >&2; }
started=$SECONDS
work=$(mktemp -d /tmp/p2l-install.XXXXXX)
cleanup() {
  stop_sim
  if [ "${P2L_KEEP:-}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'say "FAIL (exit $?): $BASH_COMMAND"' ERR

say "npm pack (from a copy of the checkout's files)"
tarball=$(pack_checkout "$checkout" "$work")
say "packed $(basename "$tarball"): $(du -k "$tarball" | cut -f1) KiB, $(tar -tzf "$tarball" | wc -l) files"
unwanted=$(tar -tzf "$tarball" | grep -E '^package/(src|test|bench|node_modules|\.ci)/|^package/dist/bench/|\.map$' || true)
if [ -n "$unwanted" ]; then
  echo "$unwanted" | head -n 10 >&2
  say "FAIL: the tarball holds sources, tests, the benchmark or source maps (see above): fix package.json's files"
  exit 1
fi

say "npm install -g into $work/prefix (dependencies from the registry, as on a fresh machine)"
npm install --global --prefix "$work/prefix" --no-audit --no-fund --loglevel=error "$tarball" >&2
export PATH="$work/prefix/bin:$PATH"
hash -r
[ "$(command -v p2l)" = "$work/prefix/bin/p2l" ] || { say "FAIL: p2l is not on PATH from the prefix"; exit 1; }
package_dir="$work/prefix/lib/node_modules/p2l"

say "imports of the installed package"
node "$here/bare-imports.mjs" "$package_dir"

# Every command below runs from a folder that is neither the checkout nor the package.
mkdir -p "$work/elsewhere"
cd "$work/elsewhere"

expected=$(node -p 'require(process.argv[1]).version' "$checkout/package.json")
got=$(p2l --version)
case "$got" in
  *"$expected"*) say "ok: p2l --version: $got" ;;
  *) say "FAIL: p2l --version printed \"$got\", expected $expected"; exit 1 ;;
esac

say "p2l demo --quiet --out demo"
p2l demo --quiet --out demo >&2
expect_five_files demo

say "p2l sim --port 0 (from the installed package)"
start_sim "$work/elsewhere/settings.json" "$work/sim.log" p2l sim --port 0

say "p2l check --settings settings.json"
p2l check --settings settings.json >&2

say "p2l export --settings settings.json --out export --quiet"
p2l export --settings settings.json --out export --quiet >&2
expect_five_files export
stop_sim

if [ -n "${P2L_PACK_DIR:-}" ]; then
  mkdir -p "$P2L_PACK_DIR"
  cp "$tarball" "$P2L_PACK_DIR/"
  say "the tarball is $P2L_PACK_DIR/$(basename "$tarball")"
fi
say "passed in $((SECONDS - started)) s"
