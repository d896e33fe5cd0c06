#!/usr/bin/env bash
# Starts a real vsftpd on 127.0.0.1 for test/ship/vsftpd.test.ts, configured
# as strictly as Plan2Learn's server: explicit TLS required for login and for
# data, TLS session reuse required on data connections (require_ssl_reuse),
# passive mode only. Installs vsftpd from Debian's packages if it is missing.
#
# Idempotent: a second run finds the running server and prints the same
# settings. Everything lives in $P2L_VSFTPD_DIR (default /tmp/p2l-vsftpd).
# Prints the environment the test needs; use it as
#
#   eval "$(bash .ci/ftp/start-vsftpd.sh)"
#
# and stop the server with .ci/ftp/stop-vsftpd.sh. Progress goes to stderr.
set -euo pipefail

dir=${P2L_VSFTPD_DIR:-/tmp/p2l-vsftpd}
port=${P2L_VSFTPD_PORT:-2121}
user=${P2L_VSFTPD_USER:-p2l-ftp-test}
pasv_min=${P2L_VSFTPD_PASV_MIN:-40000}
pasv_max=${P2L_VSFTPD_PASV_MAX:-40049}

say() { echo "start-vsftpd: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/sbin/vsftpd ]; then
  say "installing vsftpd"
  as_root apt-get update -qq >&2
  # Keep the package from starting its own server on port 21: a policy-rc.d
  # that forbids starting services, only if the machine has none (containers
  # usually do), and removed again afterwards.
  policy=/usr/sbin/policy-rc.d
  added_policy=no
  if [ ! -e "$policy" ]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
    added_policy=yes
  fi
  installed=yes
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq vsftpd >&2 || installed=no
  if [ "$added_policy" = yes ]; then as_root rm -f "$policy"; fi
  [ "$installed" = yes ] || { say "apt-get install vsftpd failed"; exit 1; }
fi

as_root mkdir -p "$dir/empty" "$dir/home"
as_root chmod 755 "$dir" "$dir/empty"

# A certificate for 127.0.0.1 and localhost; the test trusts it through ca_file.
if [ ! -s "$dir/cert.pem" ]; then
  say "making a certificate"
  as_root openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
  as_root chmod 600 "$dir/key.pem"
  as_root chmod 644 "$dir/cert.pem"
fi

# A local user with a random password and a writable home.
if [ ! -s "$dir/password" ]; then
  as_root sh -c "umask 077; openssl rand -hex 16 > '$dir/password'"
fi
password=$(as_root cat "$dir/password")
if ! id "$user" >/dev/null 2>&1; then
  say "adding user $user"
  as_root useradd --home-dir "$dir/home" --no-create-home --shell /usr/sbin/nologin "$user"
fi
as_root chown "$user:" "$dir/home"
echo "$user:$password" | as_root chpasswd

# Our own PAM service: password check only (Debian's vsftpd service also
# demands a login shell, which a test user should not have).
as_root sh -c 'printf "auth required pam_unix.so\naccount required pam_unix.so\nsession required pam_unix.so\n" > /etc/pam.d/p2l-vsftpd'

as_root tee "$dir/vsftpd.conf" >/dev/null <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$port
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
pam_service_name=p2l-vsftpd
userlist_enable=NO
ssl_enable=YES
allow_anon_ssl=NO
force_local_logins_ssl=YES
force_local_data_ssl=YES
require_ssl_reuse=YES
ssl_tlsv1=YES
ssl_sslv2=NO
ssl_sslv3=NO
rsa_cert_file=$dir/cert.pem
rsa_private_key_file=$dir/key.pem
pasv_enable=YES
port_enable=NO
pasv_address=127.0.0.1
pasv_min_port=$pasv_min
pasv_max_port=$pasv_max
secure_chroot_dir=$dir/empty
xferlog_enable=YES
vsftpd_log_file=$dir/vsftpd.log
log_ftp_protocol=YES
# Containers often forbid the namespaces and seccomp filters vsftpd would use.
isolate=NO
isolate_network=NO
seccomp_sandbox=NO
CONF

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

if [ -s "$dir/pid" ] && as_root kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
  say "vsftpd already running (pid $(cat "$dir/pid"))"
elif listening; then
  say "port $port on 127.0.0.1 is taken by another program: set P2L_VSFTPD_PORT"
  exit 1
else
  say "starting vsftpd on 127.0.0.1:$port"
  as_root sh -c "nohup /usr/sbin/vsftpd '$dir/vsftpd.conf' >'$dir/stdout.log' 2>&1 & echo \$! > '$dir/pid'"
  for _ in $(seq 50); do listening && break; sleep 0.1; done
  listening || { say "vsftpd did not start:"; as_root cat "$dir/stdout.log" >&2; exit 1; }
fi

cat <<ENV
export P2L_VSFTPD_HOST=127.0.0.1
export P2L_VSFTPD_PORT=$port
export P2L_VSFTPD_USER=$user
export P2L_VSFTPD_PASSWORD=$password
export P2L_VSFTPD_CA_FILE=$dir/cert.pem
export P2L_VSFTPD_HOME=$dir/home
ENV
