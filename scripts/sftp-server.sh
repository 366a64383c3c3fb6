#!/usr/bin/env bash
# A throwaway OpenSSH sshd for tests: SFTP only, public-key auth only, 127.0.0.1 only.
#
#   scripts/sftp-server.sh start DIR PORT   starts it (idempotent) and prints its settings
#   scripts/sftp-server.sh stop DIR         stops it (by DIR/sshd.pid)
#
# `start` generates (once) an ed25519 host key and an ed25519 client key in DIR, writes
# DIR/sshd_config, logs to DIR/sshd.log, and prints these lines, also written to DIR/env:
#
#   ACH_TEST_SFTP_HOST=127.0.0.1
#   ACH_TEST_SFTP_PORT=PORT
#   ACH_TEST_SFTP_USER=achsftp (when run as root) or the current user
#   ACH_TEST_SFTP_KEY=DIR/client_ed25519 (the client's private key; .pub beside it)
#   ACH_TEST_SFTP_FINGERPRINT=SHA256:… (the host key, as `ssh-keygen -lf` prints it)
#   ACH_TEST_SFTP_DIR=DIR/home/inbound (the upload folder; the same path locally and remotely)
#
# As root, sshd runs as root with privilege separation and the SFTP user is a system user
# `achsftp` with no shell; there is no chroot (ChrootDirectory refuses parents such as /tmp that
# other users can write), so DIR is made traversable (0711) and the upload folder belongs to
# achsftp. Not as root, sshd and the SFTP user are the current user (with UsePAM, so a locked
# password does not lock the account out), and PORT must be above 1023.
set -euo pipefail

SFTP_USER_ROOT=achsftp

usage() {
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
}

die() {
  echo "sftp-server: $*" >&2
  exit 1
}

# alive PID: true while PID is an sshd (a zombie has an empty cmdline and does not count).
alive() {
  [ -n "$1" ] && grep -q sshd "/proc/$1/cmdline" 2>/dev/null
}

# running DIR: true when DIR/sshd.pid names a live sshd.
running() {
  [ -f "$1/sshd.pid" ] && alive "$(cat "$1/sshd.pid" 2>/dev/null)"
}

ensure_user() {
  # Several servers may start at once; useradd must not race with itself.
  mkdir -p /run/lock
  (
    flock 9
    if ! id -u "$SFTP_USER_ROOT" >/dev/null 2>&1; then
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SFTP_USER_ROOT"
    fi
    # sshd without PAM refuses accounts whose password field starts with "!" (locked).
    usermod -p '*' "$SFTP_USER_ROOT"
  ) 9>/run/lock/ach-sftp-user.lock
}

write_env() {
  local dir=$1 port=$2 user=$3 fingerprint
  fingerprint=$(ssh-keygen -lf "$dir/ssh_host_ed25519_key.pub" | awk '{print $2}')
  cat >"$dir/env" <<ENV
ACH_TEST_SFTP_HOST=127.0.0.1
ACH_TEST_SFTP_PORT=$port
ACH_TEST_SFTP_USER=$user
ACH_TEST_SFTP_KEY=$dir/client_ed25519
ACH_TEST_SFTP_FINGERPRINT=$fingerprint
ACH_TEST_SFTP_DIR=$dir/home/inbound
ENV
  cat "$dir/env"
}

start() {
  local dir=$1 port=$2 user
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number"
  command -v ssh-keygen >/dev/null || die "ssh-keygen is missing (apt-get install openssh-client)"
  [ -x /usr/sbin/sshd ] || die "/usr/sbin/sshd is missing (apt-get install openssh-server)"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)

  if [ "$(id -u)" -eq 0 ]; then
    ensure_user
    user=$SFTP_USER_ROOT
    use_pam=no
    mkdir -p /run/sshd
    chmod 0755 /run/sshd
  else
    user=$(id -un)
    # Without PAM, sshd refuses accounts whose password is locked ("!"), as many are; PAM's
    # account check accepts them for key-only logins (password methods stay off).
    use_pam=yes
  fi

  if running "$dir"; then
    write_env "$dir" "$port" "$user"
    return 0
  fi

  [ -f "$dir/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C ach-test-host -f "$dir/ssh_host_ed25519_key"
  [ -f "$dir/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C ach-test-client -f "$dir/client_ed25519"
  cp "$dir/client_ed25519.pub" "$dir/authorized_keys"
  mkdir -p "$dir/home/inbound"
  chmod 0644 "$dir/authorized_keys"
  if [ "$(id -u)" -eq 0 ]; then
    chmod 0711 "$dir" "$dir/home"
    chown "$user" "$dir/home/inbound"
    runuser -u "$user" -- test -r "$dir/authorized_keys" ||
      die "$user cannot reach $dir (a parent folder is closed to other users)"
  fi
  chmod 0700 "$dir/home/inbound"

  cat >"$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/ssh_host_ed25519_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
AllowUsers $user
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
HostbasedAuthentication no
PermitRootLogin no
UsePAM $use_pam
StrictModes no
AllowTcpForwarding no
AllowAgentForwarding no
X11Forwarding no
PermitTTY no
MaxStartups 100
LogLevel VERBOSE
Subsystem sftp internal-sftp
ForceCommand internal-sftp -l INFO -u 0077
CONF

  rm -f "$dir/sshd.pid"
  /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log" ||
    die "sshd did not start: $(tail -n 5 "$dir/sshd.log" 2>/dev/null)"
  # sshd writes its PidFile once it listens.
  for _ in $(seq 1 100); do
    running "$dir" && break
    sleep 0.05
  done
  running "$dir" || die "sshd did not start: $(tail -n 5 "$dir/sshd.log" 2>/dev/null)"
  write_env "$dir" "$port" "$user"
}

stop() {
  local dir=$1 pid
  running "$dir" || { rm -f "$dir/sshd.pid"; return 0; }
  pid=$(cat "$dir/sshd.pid")
  kill "$pid"
  for _ in $(seq 1 100); do
    alive "$pid" || break
    sleep 0.05
  done
  if alive "$pid"; then kill -9 "$pid"; fi
  rm -f "$dir/sshd.pid"
}

case "${1:-}" in
  start) [ $# -eq 3 ] || usage; start "$2" "$3" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  *) usage ;;
esac
