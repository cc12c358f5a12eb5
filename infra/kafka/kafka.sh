#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft) for development and tests.
#
# Kafka is not installed as a package and there is no Docker: the broker jars
# are resolved from Maven Central (infra/kafka/pom.xml) into a jar cache and
# the broker runs as a plain `java -cp` process.
#
# Usage: infra/kafka/kafka.sh <command>
#   fetch     resolve the Kafka jars with maven (only if the cache is missing/stale)
#   start     fetch if needed, start the broker and wait until it serves requests
#             (no-op if a broker already answers on KAFKA_PORT)
#   stop      stop the broker started from KAFKA_DATA_DIR (SIGTERM, then SIGKILL)
#   restart   stop + start
#   status    exit 0 if a broker answers on KAFKA_PORT, 1 otherwise
#   reset     stop and delete KAFKA_DATA_DIR (all topics/offsets)
#   logs [N]  print the last N (100) lines of the broker log
#   run CLASS [ARGS...]  run a Kafka CLI class from the jar cache, e.g.
#             run org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
#
# Environment:
#   KAFKA_PORT             client (PLAINTEXT) port            default 9092
#   KAFKA_CONTROLLER_PORT  KRaft controller port              default KAFKA_PORT+1
#   KAFKA_DATA_DIR         config, cluster id, data, logs     default infra/kafka/.data
#   KAFKA_LIB_DIR          jar cache                          default infra/kafka/.cache/lib
#   KAFKA_START_TIMEOUT    seconds to wait for startup        default 60
#   KAFKA_STOP_TIMEOUT     seconds before SIGKILL on stop     default 30
#   KAFKA_HEAP_OPTS        JVM heap flags                     default -Xms256m -Xmx512m
#   JAVA                   java binary                        default java (JAVA_HOME/bin/java if set)
#   MVN                    maven binary                       default mvn
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
POM="$SCRIPT_DIR/pom.xml"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$SCRIPT_DIR/.data}"
KAFKA_LIB_DIR="${KAFKA_LIB_DIR:-$SCRIPT_DIR/.cache/lib}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
MVN="${MVN:-mvn}"
if [[ -z "${JAVA:-}" ]]; then
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
fi

# Relative overrides are taken relative to the caller's cwd; make them absolute
# (they end up in the generated config and in the broker's command line).
case "$KAFKA_DATA_DIR" in /*) ;; *) KAFKA_DATA_DIR="$PWD/$KAFKA_DATA_DIR" ;; esac
case "$KAFKA_LIB_DIR" in /*) ;; *) KAFKA_LIB_DIR="$PWD/$KAFKA_LIB_DIR" ;; esac
KAFKA_DATA_DIR="${KAFKA_DATA_DIR%/}"
KAFKA_LIB_DIR="${KAFKA_LIB_DIR%/}"

LIB_MARKER="$KAFKA_LIB_DIR/.fetched"
CONFIG_FILE="$KAFKA_DATA_DIR/server.properties"
LOG4J_FILE="$KAFKA_DATA_DIR/log4j.properties"
CLUSTER_ID_FILE="$KAFKA_DATA_DIR/cluster.id"
PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
LOG_DIR="$KAFKA_DATA_DIR/logs"          # broker application logs (log4j)
DATA_LOG_DIR="$KAFKA_DATA_DIR/data"     # Kafka log.dirs (topic + metadata data)
SERVER_LOG="$LOG_DIR/server.log"
STDOUT_LOG="$LOG_DIR/kafka.out"
LOCK_FILE="$SCRIPT_DIR/.cache/kafka.lock"

log() { printf '[kafka] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Serialise fetch/start/stop/reset (e.g. parallel test runners calling start).
# The lock is on fd 9, which is closed for the broker process (see launch).
with_lock() {
  mkdir -p "$(dirname "$LOCK_FILE")"
  exec 9>"$LOCK_FILE"
  if ! flock -w 300 9; then die "timed out waiting for lock $LOCK_FILE"; fi
}

# ---------------------------------------------------------------- fetch ----

pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

lib_complete() {
  [[ -f "$LIB_MARKER" ]] || return 1
  local first jar
  { read -r first || return 1
    [[ "$first" == "pom-sha256 $(pom_hash)" ]] || return 1
    while read -r jar; do
      [[ -f "$KAFKA_LIB_DIR/$jar" ]] || return 1
    done
  } <"$LIB_MARKER"
  compgen -G "$KAFKA_LIB_DIR/kafka_2.13-*.jar" >/dev/null
}

do_fetch() {
  if lib_complete; then return 0; fi
  command -v "$MVN" >/dev/null 2>&1 || die "maven ('$MVN') not found"
  log "fetching Kafka jars with maven into $KAFKA_LIB_DIR ..."
  local tmp="$KAFKA_LIB_DIR.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  # Maven 3.8 prints stray ANSI codes even with -q -B; keep its output for errors only.
  local out
  if ! out="$("$MVN" -q -B -f "$POM" dependency:copy-dependencies \
      -DoutputDirectory="$tmp" -DincludeScope=runtime 2>&1)"; then
    printf '%s\n' "$out" >&2
    rm -rf "$tmp"
    die "maven failed to resolve Kafka jars"
  fi
  { echo "pom-sha256 $(pom_hash)"; (cd "$tmp" && ls -1 -- *.jar); } >"$tmp/.fetched"
  rm -rf "$KAFKA_LIB_DIR"
  mkdir -p "$(dirname "$KAFKA_LIB_DIR")"
  mv "$tmp" "$KAFKA_LIB_DIR"
  log "fetched $(($(wc -l <"$LIB_MARKER") - 1)) jars"
}

# -------------------------------------------------------------- helpers ----

# Sends a Kafka ApiVersions v0 request (pure bash) and succeeds if the peer
# answers with a well-formed, error-free response: i.e. a Kafka broker that is
# actually processing requests is listening on the port.
kafka_probe() {
  local port="$1"
  local out
  out="$(timeout 3 bash -c '
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
      # size=12 | api_key=18 (ApiVersions) | api_version=0 | correlation_id=42 | client_id="kp"
      printf "\x00\x00\x00\x0c\x00\x12\x00\x00\x00\x00\x00\x2a\x00\x02kp" >&3
      head -c 10 <&3 | od -An -tx1 | tr -d " \n"
    ' _ "$port" 2>/dev/null)" || return 1
  # response: size(4) correlation_id(4)=42 error_code(2)=0
  [[ "${out:8:12}" == "0000002a0000" ]]
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Is $1 a live broker process of this recipe?
is_our_broker() {
  local pid="$1"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $CONFIG_FILE"
}

# Prints the broker pid (from the pid file, or by scanning /proc for a broker
# started with this data dir's config if the pid file was lost).
broker_pid() {
  local pid=""
  if [[ -f "$PID_FILE" ]]; then
    pid="$(tr -dc '0-9' <"$PID_FILE")"
    if is_our_broker "$pid"; then echo "$pid"; return 0; fi
  fi
  local f
  for f in /proc/[0-9]*/cmdline; do
    pid="${f#/proc/}"; pid="${pid%/cmdline}"
    if is_our_broker "$pid"; then echo "$pid"; return 0; fi
  done 2>/dev/null
  return 1
}

show_log_tail() {
  local f
  for f in "$STDOUT_LOG" "$SERVER_LOG"; do
    if [[ -s "$f" ]]; then
      log "---- last lines of $f ----"
      tail -n 40 "$f" >&2
    fi
  done
}

write_config() {
  mkdir -p "$LOG_DIR" "$DATA_LOG_DIR"
  cat >"$CONFIG_FILE" <<EOF
# Generated by infra/kafka/kafka.sh on every start -- edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER

log.dirs=${DATA_LOG_DIR}

# Single node: everything replicated once.
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1

# Dev/test friendliness.
auto.create.topics.enable=false
delete.topic.enable=true
group.initial.rebalance.delay.ms=0
# After an unclean exit (kill -9) the new incarnation can only register once the
# old broker session expired (default 9 s); keep that short for a local broker.
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=3000
log.retention.hours=168
log.flush.interval.messages=9223372036854775807
EOF

  cat >"$LOG4J_FILE" <<EOF
# Generated by infra/kafka/kafka.sh -- broker logs go to ${SERVER_LOG}
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=${SERVER_LOG}
log4j.appender.file.MaxFileSize=10MB
log4j.appender.file.MaxBackupIndex=3
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n

log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel\$=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.authorizer.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
log4j.logger.org.apache.kafka.common.utils.AppInfoParser=WARN
EOF
}

ensure_formatted() {
  if [[ -f "$DATA_LOG_DIR/meta.properties" ]]; then return 0; fi
  if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
    # Kafka cluster ids are 16 random bytes, base64url without padding
    # (same as `kafka-storage.sh random-uuid`, without paying a JVM start).
    local id=""
    while [[ -z "$id" || "$id" == -* ]]; do
      id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    done
    echo "$id" >"$CLUSTER_ID_FILE"
  fi
  local cluster_id
  cluster_id="$(tr -d '[:space:]' <"$CLUSTER_ID_FILE")"
  log "formatting storage in $DATA_LOG_DIR (cluster id $cluster_id)"
  local out
  if ! out="$("$JAVA" -Xmx256m -Dlog4j.configuration="file:$LOG4J_FILE" \
      -cp "$KAFKA_LIB_DIR/*" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$CONFIG_FILE" --ignore-formatted 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "kafka.tools.StorageTool format failed"
  fi
}

launch_broker() {
  local pid
  # setsid: own session, so the broker outlives the calling shell / process
  # group. All fds except 0-2 (e.g. the lock on fd 9) are closed in the child.
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd="${fd##*/}"
      if [[ "$fd" =~ ^[0-9]+$ && "$fd" -gt 2 ]]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    # shellcheck disable=SC2086
    exec setsid "$JAVA" $KAFKA_HEAP_OPTS \
      -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
      -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
      -Dkafka.logs.dir="$LOG_DIR" -Dlog4j.configuration="file:$LOG4J_FILE" \
      -cp "$KAFKA_LIB_DIR/*" kafka.Kafka "$CONFIG_FILE" \
      </dev/null >"$STDOUT_LOG" 2>&1
  ) &
  pid=$!
  echo "$pid" >"$PID_FILE"
  echo "$pid"
}

# Waits until broker $1 has logged "Kafka Server started" (after byte offset
# $2 of the server log) and answers ApiVersions on the client port.
wait_ready() {
  local pid="$1" log_offset="$2"
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  local started=0
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      local other
      if other="$(broker_pid)"; then   # e.g. setsid had to fork
        pid="$other"
        echo "$pid" >"$PID_FILE"
        continue
      fi
      show_log_tail
      rm -f "$PID_FILE"
      die "broker process $pid exited during startup"
    fi
    if ((started == 0)) && [[ -f "$SERVER_LOG" ]]; then
      local size
      size="$(stat -c %s "$SERVER_LOG")"
      ((size >= log_offset)) || log_offset=0   # log was rotated
      if tail -c +"$((log_offset + 1))" "$SERVER_LOG" | grep -q "Kafka Server started"; then
        started=1
      fi
    fi
    if ((started == 1)) && kafka_probe "$KAFKA_PORT"; then
      return 0
    fi
    sleep 0.2
  done
  log "broker did not become ready within ${KAFKA_START_TIMEOUT}s"
  show_log_tail
  log "stopping the half-started broker (pid $pid)"
  stop_pid "$pid"
  exit 1
}

stop_pid() {
  local pid="$1"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "broker (pid $pid) did not stop within ${KAFKA_STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
}

# ------------------------------------------------------------- commands ----

cmd_fetch() {
  with_lock
  do_fetch
}

cmd_start() {
  with_lock
  local t0="$EPOCHREALTIME" pid

  # Already up (started by us earlier, by a previous session, or another checkout)?
  if kafka_probe "$KAFKA_PORT"; then
    if pid="$(broker_pid)"; then
      log "already running on 127.0.0.1:$KAFKA_PORT (pid $pid)"
    else
      log "a Kafka broker already answers on 127.0.0.1:$KAFKA_PORT (not started from $KAFKA_DATA_DIR); using it"
    fi
    return 0
  fi

  do_fetch

  if pid="$(broker_pid)"; then
    # Our broker exists but does not answer yet (still starting?): wait for it.
    log "broker (pid $pid) is running but not ready yet; waiting"
    wait_ready "$pid" 0
    log "ready on 127.0.0.1:$KAFKA_PORT (pid $pid)"
    return 0
  fi
  rm -f "$PID_FILE"

  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$p"; then
      die "port $p on 127.0.0.1 is in use by something that is not a responsive Kafka broker"
    fi
  done

  command -v "$JAVA" >/dev/null 2>&1 || die "java ('$JAVA') not found"
  write_config
  ensure_formatted

  local log_offset=0
  [[ -f "$SERVER_LOG" ]] && log_offset="$(stat -c %s "$SERVER_LOG")"
  pid="$(launch_broker)"
  wait_ready "$pid" "$log_offset"
  pid="$(cat "$PID_FILE")"
  log "started on 127.0.0.1:$KAFKA_PORT (pid $pid, $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}')s, data in $KAFKA_DATA_DIR)"
}

cmd_stop() {
  with_lock
  local pid
  if ! pid="$(broker_pid)"; then
    rm -f "$PID_FILE"
    if kafka_probe "$KAFKA_PORT"; then
      log "not running from $KAFKA_DATA_DIR (another Kafka answers on 127.0.0.1:$KAFKA_PORT; left alone)"
    else
      log "not running"
    fi
    return 0
  fi
  log "stopping broker (pid $pid)"
  stop_pid "$pid"
  log "stopped"
}

cmd_status() {
  local pid=""
  pid="$(broker_pid)" || pid=""
  if kafka_probe "$KAFKA_PORT"; then
    if [[ -n "$pid" ]]; then
      echo "running on 127.0.0.1:$KAFKA_PORT (pid $pid, data $KAFKA_DATA_DIR)"
    else
      echo "running on 127.0.0.1:$KAFKA_PORT (not started from $KAFKA_DATA_DIR)"
    fi
    return 0
  fi
  if [[ -n "$pid" ]]; then
    echo "not ready: broker process $pid exists but does not answer on 127.0.0.1:$KAFKA_PORT"
  else
    echo "not running"
  fi
  return 1
}

cmd_reset() {
  cmd_stop
  case "$KAFKA_DATA_DIR" in
    "" | "/" | "$HOME" | "$SCRIPT_DIR") die "refusing to delete data dir '$KAFKA_DATA_DIR'" ;;
  esac
  rm -rf "$KAFKA_DATA_DIR"
  log "deleted $KAFKA_DATA_DIR"
}

cmd_logs() {
  [[ -f "$SERVER_LOG" ]] || die "no log at $SERVER_LOG"
  tail -n "${1:-100}" "$SERVER_LOG"
}

# Runs a Kafka CLI class from the jar cache, e.g.
#   kafka.sh run org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
cmd_run() {
  [[ $# -ge 1 ]] || die "usage: kafka.sh run <main-class> [args...]"
  (with_lock; do_fetch)
  local cfg="$KAFKA_LIB_DIR/tools-log4j.properties"
  if [[ ! -f "$cfg" ]]; then
    cat >"$cfg" <<'EOF'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
  fi
  exec "$JAVA" -Xmx256m -Dlog4j.configuration="file:$cfg" -cp "$KAFKA_LIB_DIR/*" "$@"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

main() {
  local cmd="${1:-}"
  shift || true
  case "$cmd" in
    fetch) cmd_fetch ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart) cmd_stop; cmd_start ;;
    status) cmd_status ;;
    reset) cmd_reset ;;
    logs) cmd_logs "$@" ;;
    run) cmd_run "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
