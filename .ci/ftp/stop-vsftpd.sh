#!/usr/bin/env bash
# Stops the vsftpd that start-vsftpd.sh started (by its recorded pid).
set -euo pipefail
dir=${P2L_VSFTPD_DIR:-/tmp/p2l-vsftpd}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ -s "$dir/pid" ]; then
  as_root kill "$(cat "$dir/pid")" 2>/dev/null || true
  as_root rm -f "$dir/pid"
fi
