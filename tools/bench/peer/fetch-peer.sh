#!/usr/bin/env bash
# Tries to resolve an HTTP bridge for Kafka from Maven Central with Maven into
# tools/bench/.cache/peer/ (gitignored). Prints what it tried and the outcome.
# Usage: tools/bench/peer/fetch-peer.sh [group:artifact:version-or-range ...]
set -uo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="$DIR/../.cache/peer"
mkdir -p "$CACHE"
CANDIDATES=("$@")
if [[ ${#CANDIDATES[@]} -eq 0 ]]; then
  CANDIDATES=(
    'io.strimzi:kafka-bridge:[0,)'              # Strimzi Kafka Bridge
    'io.aklivity.zilla:engine:[0,)'             # Zilla runtime
    'io.aklivity.zilla:binding-http-kafka:[0,)' # Zilla http-kafka binding
    'io.aklivity.zilla:manager:[0,)'            # Zilla module installer
    'io.confluent:kafka-rest:[0,)'              # Confluent REST Proxy
  )
fi
for c in "${CANDIDATES[@]}"; do
  IFS=: read -r g a v <<<"$c"
  out="$CACHE/$a/lib"
  log="$CACHE/$a.log"
  echo "== $g:$a:$v"
  if (cd "$DIR" && PEER_GROUP="$g" PEER_ARTIFACT="$a" PEER_VERSION="$v" timeout 300 mvn -B dependency:copy-dependencies -DoutputDirectory="$out" >"$log" 2>&1); then
    echo "   resolved into $out"
  else
    grep -m1 -E '^\[ERROR\] Failed' "$log" | sed 's/^/   /'
  fi
done
