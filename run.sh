#!/usr/bin/env bash
# Runs Renfort on embedded defaults: PostgreSQL and Keycloak started for you, the three
# services, and the illustrative demo region. Ctrl-C stops everything.
#   ./run.sh [--no-demo]     (./run.sh --help for ports and options)
set -euo pipefail
cd "$(dirname "$0")"

jar=devstack/target/devstack.jar
# Build on the first run, and again whenever a source or build file changed since.
if [[ ! -f "$jar" ]] || [[ -n "$(find . -path ./.renfort -prune -o -path '*/target' -prune -o \
      -newer "$jar" \( -name '*.java' -o -name '*.proto' -o -name 'pom.xml' -o -name '*.properties' \
      -o -name '*.sql' -o -name '*.json' \) -print -quit)" ]]; then
  echo "[renfort] building (the first build downloads dependencies from Maven Central)..."
  ./mvnw -B -q install -DskipTests -DskipITs
fi

exec java -Drenfort.root="$PWD" -jar "$jar" "$@"
