#!/usr/bin/env bash
# The Pulse topology on one machine, every component its own process (docs/architecture.md, docs/host.md):
#   scripts/topology.sh up [--dcu 1] [--dcu-partitions P] [--pulse 2] [--speed K] [--seed N] [--traffic SECONDS] [--ports seed|free]
#                          [--reorder-window MS] [--ring-capacity N] [--refresh-interval MS] [--dir DIR] [--no-build]
#                          [--upstream sim|external] [--config FILE] [--clock events|wall] [--flush-interval MS] [--max-push-rate N]
#                          [--stale-after MS] [--feed-tls | --no-feed-tls] [--ixn-push] [--start-lead SECONDS]
#   scripts/topology.sh scale-dcu N [--dir DIR]  starts DCU processes up to N; the running ones hand partitions over to them
#   scripts/topology.sh status [--dir DIR]       each process, its port, pid and health
#   scripts/topology.sh kill ROLE [--dir DIR]    kill -9 one process (dcu, pulse-1, redis ...)
#   scripts/topology.sh start ROLE [--dir DIR]   start it again with the same command line (redis: keeps its data)
#   scripts/topology.sh restart ROLE [--dir DIR] a clean stop, then start
#   scripts/topology.sh down [--dir DIR]         stops everything it started (by pid) and removes DIR
# --dcu N (N > 1) or --dcu-partitions P splits the statistics by object into P partitions (default max(N, 4)) shared by
# N DCU processes dcu-0 ... dcu-<N-1> (docs/architecture.md, "DCU partitions"); --dcu 1 alone runs one process, dcu, holding all.
# --ixn-push: the interaction servers connect to each DCU and push (the seed's tcp 2060; docs/protocol.md, "Push direction")
# instead of each DCU subscribing on 7120/7122.
# DIR (default /tmp/pulse-topology) holds one folder per process: its command line, pid, port and log; ports.env
# lists every port (sourced by tests). Ports are the seed's when free (--ports seed, the default) or any free ones.
# Feed ports use TLS by default (as a deployment should), with a throwaway CA and server certificate made by openssl in
# DIR/tls; --no-feed-tls serves plain TCP, and so does --upstream external (the benchmark's upstream is plain TCP).
# The roles read their configuration from the config role (--config-url), seeded with the demo site of --seed, or with
# FILE when --config FILE is given; DIR/config-admin-secret holds the secret that changes it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib/servers.sh"

cmd=${1:-}
[ $# -gt 0 ] && shift
dir=${PULSE_TOPOLOGY_DIR:-/tmp/pulse-topology}
dcus=1 dcu_partitions="" pulses=2 speed=10 seed=1 traffic=600 ports=seed reorder=250 ring=65536 refresh=1000 build=yes role=""
upstream=sim config="" ixn_push=no clock=events flush="" push_rate="" stale_after=5000 feed_tls=auto start_lead=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --dcu) dcus=$2; shift 2 ;;
    --dcu-partitions) dcu_partitions=$2; shift 2 ;;
    --pulse) pulses=$2; shift 2 ;;
    --speed) speed=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --traffic) traffic=$2; shift 2 ;;
    --ports) ports=$2; shift 2 ;;
    --reorder-window) reorder=$2; shift 2 ;;
    --ring-capacity) ring=$2; shift 2 ;;
    --refresh-interval) refresh=$2; shift 2 ;;
    --no-build) build=no; shift ;;
    --upstream) upstream=$2; shift 2 ;;
    --config) config=$(realpath "$2"); shift 2 ;;
    --clock) clock=$2; shift 2 ;;
    --flush-interval) flush=$2; shift 2 ;;
    --max-push-rate) push_rate=$2; shift 2 ;;
    --stale-after) stale_after=$2; shift 2 ;;
    --feed-tls) feed_tls=yes; shift ;;
    --no-feed-tls) feed_tls=no; shift ;;
    --ixn-push) ixn_push=yes; shift ;;
    --start-lead) start_lead=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "topology.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) role=$1; shift ;;  # the ROLE of kill/start/restart, the N of scale-dcu
  esac
done

host_dll="$root/samples/Pulse.Host/bin/Release/net10.0/Pulse.Host.dll"

# pick NAME SEED_PORT: the seed's port when free and asked for, otherwise a free one; recorded in ports.env.
pick() {
  local name=$1 port=$2
  if [ "$ports" != seed ] || ! port_free "$port"; then port=$(free_port); fi
  echo "${name}=${port}" >>"$dir/ports.env"
  printf -v "$name" '%s' "$port"
}

# launch NAME PORT COMMAND...: starts one role in the background, records its command line, pid and port.
launch() {
  local name=$1 port=$2
  shift 2
  mkdir -p "$dir/$name"
  printf '%q ' "$@" >"$dir/$name/cmd"
  echo "$port" >"$dir/$name/port"
  # /health is on the metrics port for the roles that have one, on the main port for the web roles.
  local a prev="" health=$port
  for a in "$@"; do [ "$prev" = --metrics-port ] && health=$a; prev=$a; done
  [ "$name" = redis ] || echo "$health" >"$dir/$name/health_port"
  start_role "$name"
}

start_role() {
  local name=$1
  [ -f "$dir/$name/cmd" ] || { echo "topology.sh: no process '$name' in $dir" >&2; return 2; }
  if [ "$name" = redis ]; then start_redis "$dir/redis" "$(cat "$dir/redis/port")" persist; cp "$dir/redis/redis.pid" "$dir/redis/pid"; return; fi
  # setsid: the role is its own process group, so the shell's end does not stop it and kill -9 reaches only it.
  (cd "$dir/$name" && { [ -f "$dir/feed-secret" ] && export Pulse__FeedSecret="$(cat "$dir/feed-secret")"; [ -f "$dir/forwarder-secret" ] && export Pulse__ForwarderSecret="$(cat "$dir/forwarder-secret")"
    [ -f "$dir/config-read-secret" ] && export Pulse__ConfigReadSecret="$(cat "$dir/config-read-secret")"
    [ "$name" = config ] && export Pulse__ConfigAdminSecret="$(cat "$dir/config-admin-secret")"
    exec setsid bash -c "exec $(cat cmd)"; } >>"$dir/$name/log" 2>&1 </dev/null) &
  echo $! >"$dir/$name/pid"
  if ! wait_port "$(cat "$dir/$name/port")" 60; then
    echo "topology.sh: $name did not open port $(cat "$dir/$name/port"); its log:" >&2
    tail -20 "$dir/$name/log" >&2
    return 1
  fi
}

kill_role() {
  local name=$1 pid
  if [ "$name" = redis ]; then pid=$(cat "$dir/redis/redis.pid" 2>/dev/null || true); else pid=$(cat "$dir/$name/pid" 2>/dev/null || true); fi
  [ -n "$pid" ] || { echo "topology.sh: no pid for '$name'" >&2; return 2; }
  kill -9 "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}

stop_role() {
  local name=$1 pid
  if [ "$name" = redis ]; then stop_redis "$dir/redis" "$(cat "$dir/redis/port")"; return; fi
  pid=$(cat "$dir/$name/pid" 2>/dev/null || true)
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# make_feed_tls DIR: a CA and a server certificate for 127.0.0.1 and localhost (PEM, two days), signed by it; the CA's key
# is deleted once it has signed, so nothing else can be issued under it.
make_feed_tls() {
  local d=$1
  mkdir -p "$d"
  (
    umask 077
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=pulse-topology-feed-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout "$d/ca.key" -out "$d/ca.pem"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=pulse-topology-feed" -keyout "$d/server.key" -out "$d/server.csr"
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
      "extendedKeyUsage=serverAuth" >"$d/server.ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 2 -extfile "$d/server.ext" -out "$d/server.pem"
    rm -f "$d/ca.key" "$d/ca.srl" "$d/server.csr" "$d/server.ext"
  ) 2>"$d/openssl.log" || { echo "topology.sh: --feed-tls: openssl failed:" >&2; cat "$d/openssl.log" >&2; exit 1; }
}

up() {
  [ "$dcus" -ge 1 ] 2>/dev/null || { echo "topology.sh: --dcu $dcus: give 1 or more DCU processes" >&2; exit 2; }
  if [ "$dcus" -gt 1 ] && [ -z "$dcu_partitions" ]; then dcu_partitions=$(( dcus > 4 ? dcus : 4 )); fi
  if [ -n "$dcu_partitions" ] && ! [ "$dcu_partitions" -ge "$dcus" ] 2>/dev/null; then
    echo "topology.sh: --dcu-partitions $dcu_partitions: give at least as many partitions as DCU processes ($dcus)" >&2; exit 2
  fi
  [ "$pulses" -ge 1 ] 2>/dev/null || { echo "topology.sh: --pulse $pulses: give 1 or more Pulse replicas" >&2; exit 2; }
  case "$upstream" in sim|external) ;; *) echo "topology.sh: --upstream $upstream: give sim or external" >&2; exit 2 ;; esac
  if [ "$feed_tls" = yes ] && [ "$upstream" = external ]; then echo "topology.sh: --feed-tls with --upstream external: the external upstream would need the certificate; give one of them" >&2; exit 2; fi
  if [ "$feed_tls" = auto ]; then if [ "$upstream" = external ]; then feed_tls=no; else feed_tls=yes; fi; fi
  if [ "$ixn_push" = yes ] && [ "$upstream" = external ]; then echo "topology.sh: --ixn-push with --upstream external: the external upstream does not push; give one of them" >&2; exit 2; fi
  if [ -e "$dir/ports.env" ]; then echo "topology.sh: $dir holds a running topology: run 'down' first" >&2; exit 2; fi
  ensure_server_packages
  mkdir -p "$dir"
  : >"$dir/ports.env"
  # The feed ports' subscriber secret (docs/protocol.md, "Subscribers"): every feed role gets it as Pulse__FeedSecret
  # (start_role), not on its command line, where a process list would show it.
  (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$dir/feed-secret")
  # The secret the pulse replicas forward logins to the auth role with (docs/api.md, "Login limits"): without it the
  # role limits every login by its address, the replicas' loopback included. Pulse__ForwarderSecret likewise.
  (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$dir/forwarder-secret")
  # The configuration service's secrets (docs/api.md, "Configuration service"): the admin one only to the config role (and
  # in this file, for whoever changes the configuration), the read one to every role that reads it.
  (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$dir/config-admin-secret"; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$dir/config-read-secret")
  # TLS on the feed ports (docs/protocol.md, "TLS"): servers get the certificate, subscribers trust the CA.
  local feed_server_tls=() feed_client_tls=()
  if [ "$feed_tls" = yes ]; then
    make_feed_tls "$dir/tls"
    feed_server_tls=(--feed-tls-cert "$dir/tls/server.pem" --feed-tls-key "$dir/tls/server.key")
    feed_client_tls=(--feed-tls-ca "$dir/tls/ca.pem")
    echo "FEED_TLS_CA=$dir/tls/ca.pem" >>"$dir/ports.env"
  fi
  if [ "$build" = yes ]; then dotnet build "$root/samples/Pulse.Host" -c Release -nologo -v q >"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }; fi

  pick POSTGRES_PORT 5432; pick REDIS_PORT 6380
  pick VOICE_PORT 8000; pick VOICE_VQ_PORT 8001; pick IXN_PORT 7120; pick IXN_VQ_PORT 7122
  pick LDS_PORT 8100; pick LDS_VQ_PORT 8101; pick DCU_METRICS_PORT 9091
  pick AUTH_PORT 8095; pick PERMISSIONS_METRICS_PORT 9092; pick INGRESS_PORT 8080; pick CONFIG_PORT 8888
  local i
  for i in $(seq "$pulses"); do pick "PULSE_${i}_PORT" $((8080 + i)); pick "PULSE_${i}_METRICS_PORT" $((8090 + i)); done
  pick VOICE_METRICS_PORT 9093; pick VOICE_VQ_METRICS_PORT 9094; pick IXN_METRICS_PORT 9095; pick IXN_VQ_METRICS_PORT 9096
  pick LDS_METRICS_PORT 9097; pick LDS_VQ_METRICS_PORT 9098
  # --ixn-push: the ports each DCU listens on for the two interaction servers, which are told all of them (--push-to).
  local ixn_push_to=() ixn_vq_push_to=() k
  if [ "$ixn_push" = yes ]; then
    local targets="" vq_targets="" a b
    for k in $(seq 0 $((dcus - 1))); do
      pick "DCU_${k}_IXN_LISTEN_PORT" $((2060 + 2 * k)); pick "DCU_${k}_IXN_VQ_LISTEN_PORT" $((2061 + 2 * k))
      a=DCU_${k}_IXN_LISTEN_PORT b=DCU_${k}_IXN_VQ_LISTEN_PORT
      targets="$targets,127.0.0.1:${!a}" vq_targets="$vq_targets,127.0.0.1:${!b}"
    done
    ixn_push_to=(--push-to "${targets#,}") ixn_vq_push_to=(--push-to "${vq_targets#,}")
    touch "$dir/ixn-push"
  fi

  mkdir -p "$dir/postgres" "$dir/redis"
  start_postgres "$dir/postgres" "$POSTGRES_PORT"
  echo "$POSTGRES_PORT" >"$dir/postgres/port"
  launch redis "$REDIS_PORT" redis-server
  local pg="Host=127.0.0.1;Port=$POSTGRES_PORT;Username=postgres;Database=postgres" redis="127.0.0.1:$REDIS_PORT"
  local host=(dotnet "$host_dll") dcu_extra=() pulse_extra=() seeding=(--seed "$seed")
  [ -n "$config" ] && seeding=(--import "$config")
  # cfg NAME: the options that point role NAME at the configuration service, with its last-known-good copy in its folder.
  cfg() { cfg_args=(--config-url "http://127.0.0.1:$CONFIG_PORT" --config-cache "$dir/$1/config-cache.json"); }
  [ -n "$flush" ] && dcu_extra=(--flush-interval "$flush")
  [ -n "$push_rate" ] && pulse_extra=(--max-push-rate "$push_rate")
  echo "POSTGRES=$pg" >>"$dir/ports.env"

  "${host[@]}" init --postgres "$pg" >"$dir/init.log" 2>&1 || { cat "$dir/init.log"; exit 1; }
  "${host[@]}" init-tenant --postgres "$pg" --tenant demo --demo-dashboards true >>"$dir/init.log" 2>&1 || { cat "$dir/init.log"; exit 1; }
  launch config "$CONFIG_PORT" "${host[@]}" config --postgres "$pg" --port "$CONFIG_PORT" "${seeding[@]}"

  # One timeline for every upstream process: the simulated day starts --start-lead seconds from now (whole seconds) and
  # runs --speed times faster; traffic stops after --traffic simulated seconds. Recorded for tests (replay of the same
  # events). The lead lets the LDSs and the DCUs start and subscribe before the first event: a DCU process takes about
  # 5 s to start, and one that started long after the day began would read it from the rings (and with a small
  # --ring-capacity find its first events dropped). The default is 6 s per DCU process plus 6.
  # (--upstream external: the caller's upstream keeps its own time; no lead.)
  [ -n "$start_lead" ] || { if [ "$upstream" = sim ]; then start_lead=$(( 6 * (dcus + 1) )); else start_lead=0; fi; }
  [ "$start_lead" -ge 0 ] 2>/dev/null || { echo "topology.sh: --start-lead $start_lead: give whole seconds, 0 or more" >&2; exit 2; }
  local start until
  start=$(date -u -d "@$(( $(date +%s) + start_lead ))" +%Y-%m-%dT%H:%M:%SZ)
  until=$(date -u -d "$start + $((traffic)) seconds" +%Y-%m-%dT%H:%M:%SZ)
  { echo "SEED=$seed"; echo "START=$start"; echo "UNTIL=$until"; echo "SPEED=$speed"; } >>"$dir/ports.env"

  # --upstream external: the four upstream ports are left to the caller (a benchmark serves them); the LDSs and the
  # DCU reconnect until something listens there.
  if [ "$upstream" = sim ]; then
    local sim=(--seed "$seed" --start "$start" --speed "$speed" --until "$until" --ring-capacity "$ring" "${feed_server_tls[@]}")
    launch voice-sip "$VOICE_PORT" "${host[@]}" voice-sip --port "$VOICE_PORT" --metrics-port "$VOICE_METRICS_PORT" "${sim[@]}"
    launch voice-sip-vq "$VOICE_VQ_PORT" "${host[@]}" voice-sip-vq --port "$VOICE_VQ_PORT" --metrics-port "$VOICE_VQ_METRICS_PORT" "${sim[@]}"
    launch_ixn() {
      launch ixn "$IXN_PORT" "${host[@]}" ixn --port "$IXN_PORT" --metrics-port "$IXN_METRICS_PORT" "${sim[@]}" "${ixn_push_to[@]}"
      launch ixn-vq "$IXN_VQ_PORT" "${host[@]}" ixn-vq --port "$IXN_VQ_PORT" --metrics-port "$IXN_VQ_METRICS_PORT" "${sim[@]}" "${ixn_vq_push_to[@]}"
    }
    # Pushing, the interaction servers start once the DCUs listen, so that their first call connects: a server that
    # found nobody waits up to 5 s before calling again, and its events would come that much later than the voice streams'.
    [ "$ixn_push" = yes ] || launch_ixn
  fi
  launch lds "$LDS_PORT" "${host[@]}" lds --port "$LDS_PORT" --ring-capacity "$ring" --upstream "127.0.0.1:$VOICE_PORT" --metrics-port "$LDS_METRICS_PORT" \
    "${feed_server_tls[@]}" "${feed_client_tls[@]}"
  launch lds-vq "$LDS_VQ_PORT" "${host[@]}" lds-vq --port "$LDS_VQ_PORT" --ring-capacity "$ring" --upstream "127.0.0.1:$VOICE_VQ_PORT" --metrics-port "$LDS_VQ_METRICS_PORT" \
    "${feed_server_tls[@]}" "${feed_client_tls[@]}"
  local dcu_cmd=("${host[@]}" dcu --redis "$redis" --postgres "$pg" \
    --voice "127.0.0.1:$LDS_PORT" --voice-vq "127.0.0.1:$LDS_VQ_PORT" --ixn "127.0.0.1:$IXN_PORT" --ixn-vq "127.0.0.1:$IXN_VQ_PORT" \
    --clock "$clock" --reorder-window "$reorder" --refresh-interval "$refresh" --stale-after "$stale_after" "${dcu_extra[@]}" "${feed_client_tls[@]}")
  if [ -z "$dcu_partitions" ]; then
    cfg dcu
    launch dcu "$DCU_METRICS_PORT" "${dcu_cmd[@]}" --metrics-port "$DCU_METRICS_PORT" "${cfg_args[@]}" $(ixn_listen 0)
    echo "DCUS=dcu" >>"$dir/ports.env"
  else
    # The command every DCU process shares; scale-dcu starts more from it.
    printf '%q ' "${dcu_cmd[@]}" --object-partitions "$dcu_partitions" >"$dir/dcu-cmd"
    { echo "DCU_PARTITIONS=$dcu_partitions"; echo "CONFIG_URL=http://127.0.0.1:$CONFIG_PORT"; } >>"$dir/ports.env"
    launch_dcus 0 "$dcus"
  fi
  if [ "$upstream" = sim ] && [ "$ixn_push" = yes ]; then launch_ixn; fi
  local margin=$(( $(date -d "$start" +%s) - $(date +%s) ))
  if [ "$upstream" = external ]; then :
  elif [ "$margin" -ge 0 ]; then echo "the simulated day starts at $start, ${margin} s after the DCUs were up"
  else echo "the simulated day started at $start, $(( -margin )) s before the DCUs were up: they read what they missed from the rings (--start-lead)"; fi
  cfg permissions
  launch permissions "$PERMISSIONS_METRICS_PORT" "${host[@]}" permissions --redis "$redis" --postgres "$pg" --metrics-port "$PERMISSIONS_METRICS_PORT" "${cfg_args[@]}"
  cfg auth
  launch auth "$AUTH_PORT" "${host[@]}" auth --port "$AUTH_PORT" --signing-key "$dir/auth/signing-key.pem" "${cfg_args[@]}"
  local backends=()
  for i in $(seq "$pulses"); do
    local p m
    p=PULSE_${i}_PORT m=PULSE_${i}_METRICS_PORT
    cfg "pulse-$i"
    launch "pulse-$i" "${!p}" "${host[@]}" pulse --port "${!p}" --metrics-port "${!m}" --redis "$redis" --postgres "$pg" \
      --auth-url "http://127.0.0.1:$AUTH_PORT" "${cfg_args[@]}" "${pulse_extra[@]}"
    backends+=(--backend "http://127.0.0.1:${!p}")
  done
  launch ingress "$INGRESS_PORT" "${host[@]}" ingress --port "$INGRESS_PORT" "${backends[@]}"
  echo "topology up in $dir: wallboard http://127.0.0.1:$INGRESS_PORT/ (supervisor / pulse); 'scripts/topology.sh status' lists the processes"
}

# launch_dcus FROM N: starts DCU processes dcu-FROM ... dcu-<N-1> of N (split by object), the first on the seed's metrics port.
launch_dcus() {
  local from=$1 n=$2 k port_name names=""
  for k in $(seq "$from" $((n - 1))); do
    port_name=DCU_${k}_METRICS_PORT
    if [ "$k" = 0 ]; then DCU_0_METRICS_PORT=$DCU_METRICS_PORT; echo "DCU_0_METRICS_PORT=$DCU_METRICS_PORT" >>"$dir/ports.env"; else pick "$port_name" $((9190 + k)); fi
    # dcu-cmd holds the shared command, quoted by printf %q.
    eval "local base=($(cat "$dir/dcu-cmd"))"
    # shellcheck disable=SC2046 # ixn_listen prints whole words (options and port numbers)
    launch "dcu-$k" "${!port_name}" "${base[@]}" --replicas "$n" --ordinal "$k" --metrics-port "${!port_name}" \
      --config-url "$(grep '^CONFIG_URL=' "$dir/ports.env" | cut -d= -f2-)" --config-cache "$dir/dcu-$k/config-cache.json" $(ixn_listen "$k")
  done
  for k in $(seq 0 $((n - 1))); do names="$names dcu-$k"; done
  sed -i '/^DCUS=/d' "$dir/ports.env"
  echo "DCUS=${names# }" >>"$dir/ports.env"
}

# ixn_listen K: with --ixn-push, the options that make DCU process K listen for the two interaction servers.
ixn_listen() {
  [ -f "$dir/ixn-push" ] || return 0
  echo "--ixn-listen $(grep "^DCU_$1_IXN_LISTEN_PORT=" "$dir/ports.env" | cut -d= -f2) --ixn-vq-listen $(grep "^DCU_$1_IXN_VQ_LISTEN_PORT=" "$dir/ports.env" | cut -d= -f2)"
}

# scale_dcu N: more DCU processes; each running one hands over the partitions the new ones take (docs/architecture.md).
scale_dcu() {
  [ -f "$dir/dcu-cmd" ] || { echo "topology.sh: scale-dcu: this topology runs one DCU holding every object; start it with --dcu N or --dcu-partitions P" >&2; exit 2; }
  [ -f "$dir/ixn-push" ] && { echo "topology.sh: scale-dcu with --ixn-push: the interaction servers push to the DCUs they were started with; add DCUs to a topology whose DCUs subscribe" >&2; exit 2; }
  local now n=$role
  now=$(grep '^DCUS=' "$dir/ports.env" | cut -d= -f2- | wc -w)
  [ "$n" -gt "$now" ] 2>/dev/null || { echo "topology.sh: scale-dcu $n: give more than the $now DCU processes running (scaling down is a restart of every DCU, docs/architecture.md)" >&2; exit 2; }
  launch_dcus "$now" "$n"
}

status() {
  [ -f "$dir/ports.env" ] || { echo "topology.sh: nothing running in $dir"; return 0; }
  printf '%-14s %-7s %-8s %s\n' process port pid state
  local d name pid port state
  for d in "$dir"/*/; do
    name=$(basename "$d")
    [ -f "$d/port" ] || continue
    port=$(cat "$d/port")
    if [ "$name" = postgres ]; then pid=$(head -1 "$d/data/postmaster.pid" 2>/dev/null || echo -); elif [ "$name" = redis ]; then pid=$(cat "$d/redis.pid" 2>/dev/null || echo -); else pid=$(cat "$d/pid" 2>/dev/null || echo -); fi
    if [ "$pid" != - ] && kill -0 "$pid" 2>/dev/null; then
      state=up
      if ! wait_port "$port" 1; then state="up, port closed"; fi
      if [ -f "$d/health_port" ] && command -v curl >/dev/null; then
        if curl -fsS -m 2 "http://127.0.0.1:$(cat "$d/health_port")/health" >/dev/null 2>&1; then state="$state, healthy"; else state="$state, unhealthy"; fi
      fi
    else
      state=down
    fi
    printf '%-14s %-7s %-8s %s\n' "$name" "$port" "$pid" "$state"
  done
}

down() {
  [ -d "$dir" ] || return 0
  local d name
  for d in "$dir"/*/; do
    name=$(basename "$d")
    case "$name" in postgres|redis) ;; *) [ -f "$d/pid" ] && stop_role "$name" ;; esac
  done
  [ -f "$dir/redis/port" ] && stop_redis "$dir/redis" "$(cat "$dir/redis/port")"
  stop_postgres "$dir/postgres"
  rm -rf "$dir"
}

case "$cmd" in
  -h|--help|help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' ;;
  up) up ;;
  scale-dcu) scale_dcu ;;
  status) status ;;
  down) down ;;
  kill) kill_role "$role" ;;
  start) start_role "$role" ;;
  restart) stop_role "$role"; start_role "$role" ;;
  *) echo "usage: scripts/topology.sh up|status|down|kill ROLE|start ROLE|restart ROLE|scale-dcu N [options] (see --help)" >&2; exit 2 ;;
esac
