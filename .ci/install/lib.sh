# shellcheck shell=bash
# Sourced by .ci/install/check.sh and the .ci/container scripts: packs the
# checkout, starts `p2l sim` and waits for it, checks the five files. Needs
# bash with `set -euo pipefail`, and `say` defined by the caller.

# pack_checkout CHECKOUT WORK: packs CHECKOUT as `npm pack` does for a
# release, from a copy of its files in WORK/src (what git tracks or would
# add), so that a stale or busy dist/ in the checkout neither leaks into the
# tarball nor is touched; prints the tarball's path (in WORK).
pack_checkout() {
  local checkout=$1 work=$2 name
  mkdir -p "$work/src"
  (cd "$checkout" && git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done \
    | tar --null -T - -cf -) | tar -C "$work/src" -xf -
  ln -sfn "$checkout/node_modules" "$work/src/node_modules"
  name=$(cd "$work/src" && npm pack --silent --pack-destination "$work" 2> "$work/pack.log" | tail -n 1) || {
    cat "$work/pack.log" >&2
    return 1
  }
  echo "$work/$name"
}

# start_sim SETTINGS_FILE LOG_FILE COMMAND...: runs COMMAND (a `p2l sim`),
# its stdout to SETTINGS_FILE (mode 0600: it holds the client secret), its
# stderr to LOG_FILE; sets sim_pid and returns once SETTINGS_FILE is the
# whole JSON object.
start_sim() {
  local settings=$1 log=$2
  shift 2
  (umask 077 && : > "$settings")
  "$@" > "$settings" 2> "$log" &
  sim_pid=$!
  local waited=0
  until node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))["mora.base"].length || process.exit(1)' "$settings" 2> /dev/null; do
    if ! kill -0 "$sim_pid" 2> /dev/null; then
      say "p2l sim stopped before it served:"
      cat "$log" >&2
      return 1
    fi
    if [ "$waited" -ge 300 ]; then
      say "p2l sim printed no settings within 30 s:"
      cat "$log" >&2
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  say "$(head -n 1 "$log")"
}

# stop_sim: stops the simulator started by start_sim, if it still runs.
stop_sim() {
  if [ -n "${sim_pid:-}" ] && kill -0 "$sim_pid" 2> /dev/null; then
    kill "$sim_pid" 2> /dev/null || true
    wait "$sim_pid" 2> /dev/null || true
  fi
  sim_pid=
}

# expect_five_files DIR: fails unless DIR holds the five files, each non-empty.
expect_five_files() {
  local dir=$1 name
  for name in bruger.csv organisation.csv engagement.csv stillingskode.csv leder.csv; do
    if [ ! -s "$dir/$name" ]; then
      say "FAIL: $dir/$name is missing or empty"
      ls -la "$dir" >&2 || true
      return 1
    fi
  done
  say "ok: the five files in $dir, non-empty: $(cd "$dir" && wc -c bruger.csv organisation.csv engagement.csv stillingskode.csv leder.csv | head -n 5 | awk '{printf "%s%s %s bytes", (NR > 1 ? ", " : ""), $2, $1}')"
}
