#!/usr/bin/env bash
# Builds KSP and starts it on Payara Micro at http://localhost:${KSP_PORT:-8080}/ with an H2 database
# under ./data and development tokens in ./data/dev/tokens.json (when no JWT issuer is configured).
#
#   ./run.sh              build, then start
#   ./run.sh --no-build   start the last build
#
# Environment: KSP_PORT (8080), KSP_DATA_DIR (./data), KSP_DB_URL / KSP_DB_USER / KSP_DB_PASSWORD
# (PostgreSQL), KSP_JAVA_OPTS (extra JVM flags), KSP_START_TIMEOUT (180 s), and every key of README
# "Configuration". The server's output is also written to $KSP_DATA_DIR/ksp.log.
set -euo pipefail
cd "$(dirname "$0")"

port=${KSP_PORT:-8080}
mkdir -p "${KSP_DATA_DIR:-./data}"
KSP_DATA_DIR=$(cd "${KSP_DATA_DIR:-./data}" && pwd)
export KSP_DATA_DIR
# WRITE_DELAY=100: H2 writes commits to the file within 100 ms (a killed process loses at most
# that); WRITE_DELAY=0 would stop H2's background writer and let the file grow without bound.
export KSP_DB_URL=${KSP_DB_URL:-"jdbc:h2:file:${KSP_DATA_DIR}/ksp;LOCK_TIMEOUT=10000;WRITE_DELAY=100"}

if [ "${1:-}" != "--no-build" ]; then
  echo "Building KSP (mvn package, tests skipped)..."
  mvn -B -ntp -q -DskipTests -pl ksp-web -am package
fi

# The batch job repository and Payara's own state live under --rootdir, so they survive restarts.
# Its domain.xml is dropped first: it remembers the last deployment, which Payara Micro would boot
# and then undeploy again for --deploy (a second deployment, and a window of errors in between).
rm -f "$KSP_DATA_DIR/payara/config/domain.xml" "$KSP_DATA_DIR/payara/config/domain.xml.bak"
# Readiness is DOWN until ksp.war is deployed (and stays DOWN if its deployment failed). The server's
# output also goes to $KSP_DATA_DIR/ksp.log, which is how a failed deployment is noticed below.
log="$KSP_DATA_DIR/ksp.log"
: > "$log"
# shellcheck disable=SC2086
java -XX:TieredStopAtLevel=1 -Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl -Dmp.health.default.readiness.empty.response=DOWN ${KSP_JAVA_OPTS:-} -jar ksp-web/target/payara-micro.jar \
  --nohazelcast --port "$port" --contextroot / \
  --rootdir "$KSP_DATA_DIR/payara" --deploy ksp-web/target/ksp.war > >(tee -a "$log") 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' INT TERM EXIT

started=$(date +%s)
deadline=$(( started + ${KSP_START_TIMEOUT:-180} ))
until curl -sf -o /dev/null "http://localhost:$port/health/ready"; do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "KSP did not start: see the log above ($log)." >&2
    exit 1
  fi
  if grep -q "KSP schema migration FAILED\|Exception while loading the app\|Deployment failed" "$log"; then
    echo "KSP did not start: the deployment of ksp.war failed (see $log)." >&2
    exit 1
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "KSP was not ready after ${KSP_START_TIMEOUT:-180} s (KSP_START_TIMEOUT): see $log." >&2
    exit 1
  fi
  sleep 0.5
done

cat <<BANNER

  KSP is up (ready $(( $(date +%s) - started )) s after launch)
    API       http://localhost:$port/api/v1   (try: GET /api/v1/me)
    OpenAPI   http://localhost:$port/openapi
    Health    http://localhost:$port/health
BANNER
# The server deletes a tokens.json left by an earlier development run when an issuer is configured.
if [ -f "$KSP_DATA_DIR/dev/tokens.json" ]; then
  echo "    Tokens    $KSP_DATA_DIR/dev/tokens.json   (development mode: one token per role)"
fi
echo
wait "$server"
