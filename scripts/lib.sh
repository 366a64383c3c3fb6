# Shared shell helpers for the project's scripts. Source it; don't run it.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# `postgresql` brings the server and its tools, pgbench included (LoadTests/ceiling.sh needs it).
APT_PACKAGES=(libpq-dev libssh2-1-dev libssl-dev libgpgme-dev postgresql postgresql-contrib gnupg openssh-server openssl)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs the Debian packages the build and the tests need, when any is missing.
install_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

# PostgreSQL refuses to run as root, so when we are root the cluster belongs to this user.
PG_USER=achpg

# as_pg CMD…: runs CMD as the cluster's owner (ourselves unless we are root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

# start_postgres DIR PORT: initializes (once) and starts a private cluster in DIR listening on
# 127.0.0.1:PORT only, with its socket inside DIR. Prints nothing; sets PG_ADMIN_URL.
start_postgres() {
  local dir=$1 port=$2 bin; bin=$(pg_bin)
  if [ "$(id -u)" -eq 0 ]; then
    id -u "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
  fi
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown "$PG_USER" "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 512MB
synchronous_commit = on
fsync = on
log_min_messages = warning
CONF
  fi
  enable_tls "$dir"
  if ! as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
  fi
  PG_ADMIN_URL="postgresql://postgres@127.0.0.1:$port/postgres"
}

# enable_tls DIR: gives the cluster in DIR a throwaway certificate authority and a server
# certificate for 127.0.0.1 and localhost, and turns TLS on (clients may still connect without it
# unless they ask). Clients verify with DIR/tls/ca.crt, e.g. `?sslmode=verify-full&sslrootcert=…`.
# Does nothing when TLS is already set up.
enable_tls() {
  local dir=$1 tls="$1/tls"
  grep -q "^ssl = on" "$dir/data/postgresql.conf" && return 0
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tls/ca.key" -out "$tls/ca.crt" -days 3650 \
    -subj "/CN=ach-worker test CA" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout "$tls/server.key" -out "$tls/server.csr" \
    -subj "/CN=localhost" 2>/dev/null
  printf 'subjectAltName = IP:127.0.0.1, IP:::1, DNS:localhost\n' >"$tls/ext.cnf"
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial \
    -out "$tls/server.crt" -days 3650 -extfile "$tls/ext.cnf" 2>/dev/null
  chmod 600 "$tls/server.key" "$tls/ca.key"
  chmod 644 "$tls/ca.crt"
  [ "$(id -u)" -eq 0 ] && chown -R "$PG_USER" "$tls"
  cat >>"$dir/data/postgresql.conf" <<CONF
ssl = on
ssl_cert_file = '$tls/server.crt'
ssl_key_file = '$tls/server.key'
CONF
  # A cluster that was already running picks the settings up on restart.
  if as_pg "$(pg_bin)/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_pg "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w restart -l "$dir/server.log" >/dev/null
  fi
}

# tune_for_write_load DIR: checkpoint settings for a cluster that takes a sustained write load
# (the load test). With the default max_wal_size (1 GB) a million transfers forced a checkpoint
# every 6–12 s, and after each one the first change to every page writes the whole page to the
# WAL again. Reloaded at once; added only once.
tune_for_write_load() {
  local dir=$1
  grep -q "^# tuned for a write load" "$dir/data/postgresql.conf" && return 0
  # initdb writes a max_wal_size line of its own; the last one in the file wins.
  cat >>"$dir/data/postgresql.conf" <<CONF
# tuned for a write load
max_wal_size = 16GB
checkpoint_timeout = 15min
CONF
  if as_pg "$(pg_bin)/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_pg "$(pg_bin)/pg_ctl" -D "$dir/data" reload >/dev/null
  fi
}

stop_postgres() {
  local dir=$1
  [ -f "$dir/data/PG_VERSION" ] && as_pg "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

# create_database URL_OF_ADMIN NAME: creates the role-less database NAME if missing.
create_database() {
  local admin=$1 name=$2
  psql "$admin" -qAtc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1 \
    || psql "$admin" -qc "CREATE DATABASE \"$name\"" >/dev/null
}
