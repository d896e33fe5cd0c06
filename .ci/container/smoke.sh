#!/usr/bin/env bash
# Runs the image built by .ci/container/build.sh as an operator would:
# starts `p2l sim` on the host (the checkout's dist/, 127.0.0.1, a free
# port), then runs the image on the host network, as its own non-root user
# with a read-only root file system, configured from environment variables
# only (P2L_SMOKE_SETTINGS=file: from a settings file mounted read-only and
# named by --settings instead):
#
#   p2l check                              must exit 0
#   p2l export --out /var/lib/p2l/out      must exit 0
#
# with the host folder $work/volume mounted at /var/lib/p2l, and checks that
# the five files are there on the host, non-empty, owned by the image's user
# and readable by the host's. The container and the simulator are stopped
# on any exit. Needs root (rootful podman) and the checkout's dist/ (npm ci).
# Idempotent; progress on stderr. P2L_KEEP=1 keeps the temporary folder.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
checkout=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../install/lib.sh
. "$checkout/.ci/install/lib.sh"

image=${P2L_IMAGE:-localhost/p2l:latest}
mode=${P2L_SMOKE_SETTINGS:-env}
export CONTAINERS_CONF=${CONTAINERS_CONF:-$here/containers.conf}

say() { echo "container-smoke: $*" >&2; }
started=$SECONDS
work=$(mktemp -d /tmp/p2l-container-smoke.XXXXXX)
container=p2l-smoke-$$
cleanup() {
  podman rm --force --ignore "$container" > /dev/null 2>&1 || true
  stop_sim
  if [ "${P2L_KEEP:-}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'say "FAIL (exit $?): $BASH_COMMAND"' ERR

case "$mode" in
  env | file) ;;
  *) say "P2L_SMOKE_SETTINGS must be env or file, not \"$mode\""; exit 2 ;;
esac
if ! podman image exists "$image"; then
  say "no image $image: run .ci/container/build.sh first"
  exit 2
fi
[ -f "$checkout/dist/cli.js" ] || { say "no $checkout/dist/cli.js: run npm ci (or npm run build) first"; exit 2; }

user=$(podman image inspect --format '{{.Config.User}}' "$image")
uid=${user%%:*}
if [ -z "$uid" ] || [ "$uid" = 0 ] || [ "$uid" = root ]; then
  say "FAIL: the image runs as \"$user\", not as a non-root user"
  exit 1
fi

say "p2l sim --port 0 on the host (the checkout's dist/)"
start_sim "$work/settings.json" "$work/sim.log" node "$checkout/dist/cli.js" sim --port 0

# The volume: a host folder the image's user may write; the files it writes are its own.
mkdir -p "$work/volume"
chown "$user" "$work/volume"

# Settings as an operator gives them: every key of the simulator's settings as
# its environment variable (DIPEX's names for the crontab.* keys: AUTH_SERVER,
# CLIENT_ID, CLIENT_SECRET; lists as JSON), or the file mounted read-only.
settings_flags=()
settings_args=()
if [ "$mode" = env ]; then
  # shellcheck disable=SC2016 # JavaScript, not shell
  (umask 077 && node -e '
    const settings = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const [key, value] of Object.entries(settings)) {
      const name = key.replace(/^crontab\./, "").toUpperCase().replace(/[.-]/g, "_");
      console.log(`${name}=${typeof value === "string" ? value : JSON.stringify(value)}`);
    }' "$work/settings.json" > "$work/p2l.env")
  say "settings from the environment only: $(cut -d= -f1 "$work/p2l.env" | tr '\n' ' ')"
  settings_flags=(--env-file "$work/p2l.env")
else
  # The image's user must read it; the folder around it stays the host's.
  chown "$user" "$work/settings.json"
  say "settings from a mounted file (--settings /etc/p2l/settings.json)"
  settings_flags=(--volume "$work/settings.json:/etc/p2l/settings.json:ro")
  settings_args=(--settings /etc/p2l/settings.json)
fi

# run_p2l COMMAND ARGS...: the image's entrypoint, as the operator's job runs it.
run_p2l() {
  local command=$1
  shift
  podman run --rm --name "$container" --network host --read-only \
    "${settings_flags[@]}" --volume "$work/volume:/var/lib/p2l" "$image" "$command" ${settings_args[@]+"${settings_args[@]}"} "$@"
}

say "podman run $image check"
step=$SECONDS
code=0
run_p2l check >&2 || code=$?
[ "$code" = 0 ] || { say "FAIL: p2l check in the container exited $code"; exit 1; }
say "ok: p2l check exited 0 in $((SECONDS - step)) s"

say "podman run $image export --out /var/lib/p2l/out"
step=$SECONDS
code=0
run_p2l export --out /var/lib/p2l/out >&2 || code=$?
[ "$code" = 0 ] || { say "FAIL: p2l export in the container exited $code"; exit 1; }
say "ok: p2l export exited 0 in $((SECONDS - step)) s"

expect_five_files "$work/volume/out"
for name in bruger.csv organisation.csv engagement.csv stillingskode.csv leder.csv; do
  file=$work/volume/out/$name
  owner=$(stat -c %u "$file")
  [ "$owner" = "$uid" ] || { say "FAIL: $name is owned by uid $owner, not the image's user $uid"; exit 1; }
  [ -r "$file" ] || { say "FAIL: $name cannot be read by the host's user $(id -un)"; exit 1; }
done
say "ok: the five files are owned by the image's user (uid $uid, mode $(stat -c %a "$work/volume/out/bruger.csv")) and readable by $(id -un) on the host"
stop_sim
say "passed in $((SECONDS - started)) s"
