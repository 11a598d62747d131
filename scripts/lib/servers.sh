# Throwaway PostgreSQL and Redis servers on loopback, shared by scripts/test.sh and scripts/topology.sh.
# Source it; every function reports on stderr and returns non-zero when a server does not start.

# free_port: prints a free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# port_free PORT: true when nothing listens on 127.0.0.1:PORT.
port_free() {
  python3 -c 'import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1]))); s.close()
except OSError:
    sys.exit(1)' "$1"
}

# wait_port PORT SECONDS: waits until something accepts connections on 127.0.0.1:PORT.
wait_port() {
  python3 -c 'import socket,sys,time
end=time.time()+float(sys.argv[2])
while time.time()<end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close(); sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)' "$1" "$2"
}

# ensure_server_packages: installs PostgreSQL and redis-server from Debian when missing (needs root).
ensure_server_packages() {
  local need=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -x /usr/local/bin/initdb ] || need+=(postgresql)
  command -v redis-server >/dev/null || need+=(redis-server)
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

# pg_bin_dir: the folder of initdb, pg_ctl and postgres.
pg_bin_dir() {
  if [ -x /usr/local/bin/initdb ] && [ -x /usr/local/bin/pg_ctl ] && [ -x /usr/local/bin/postgres ]; then
    echo /usr/local/bin
  else
    dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)"
  fi
}

# start_postgres DIR PORT: initdb in DIR/data (as the postgres user: initdb refuses root), listening on
# 127.0.0.1:PORT only, trust authentication, no fsync (a throwaway server).
start_postgres() {
  local dir=$1 port=$2 bin
  bin=$(pg_bin_dir)
  id postgres >/dev/null 2>&1 || useradd -r -m postgres
  mkdir -p "$dir"
  chown postgres "$dir"
  su postgres -s /bin/sh -c "'$bin/initdb' -D '$dir/data' -U postgres -A trust -E UTF8 --no-locale" >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; echo "initdb failed" >&2; return 1; }
  su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
      -o \"-h 127.0.0.1 -p $port -k '$dir' -c max_connections=200 -c fsync=off\" start" >/dev/null \
    || { cat "$dir/server.log" >&2; echo "PostgreSQL did not start" >&2; return 1; }
}

# stop_postgres DIR: immediate shutdown of the server started in DIR (if any).
stop_postgres() {
  local dir=$1 bin
  bin=$(pg_bin_dir)
  if [ -f "$dir/data/postmaster.pid" ]; then
    su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$dir/data' -m immediate -w stop" >/dev/null 2>&1 || true
  fi
}

# start_redis DIR PORT [persist]: redis-server on 127.0.0.1:PORT, data in DIR; with "persist", an append-only
# file (fsync every second) so that a restart keeps what was written, as a production Redis does.
start_redis() {
  local dir=$1 port=$2 persist=${3:-} aof=no
  [ "$persist" = persist ] && aof=yes
  mkdir -p "$dir"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly "$aof" --appendfsync everysec --daemonize yes \
    --pidfile "$dir/redis.pid" --dir "$dir" --logfile "$dir/redis.log" --databases 64 \
    || { echo "redis-server did not start" >&2; return 1; }
  for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis-server on port $port does not answer" >&2
  return 1
}

# stop_redis DIR PORT: a clean shutdown (the append-only file is written), then the pid file's process is gone.
stop_redis() {
  local dir=$1 port=$2
  redis-cli -p "$port" shutdown >/dev/null 2>&1 || true
  if [ -f "$dir/redis.pid" ]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 || return 0; sleep 0.1; done
}
