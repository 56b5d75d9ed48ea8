#!/usr/bin/env bash
# Cross-node pod networking (issue 7), as root: two `skiff agent` processes, each in its own network namespace on a
# test bridge, joined to one control plane; a 100 MB HTTP transfer and ping RTT between pods on different nodes,
# between pods on one node, and between the two namespaces directly over the veths (no skiff), in the same run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
MVN_REPO=()
[ -d "$ROOT/.m2repo" ] && MVN_REPO=("-Dmaven.repo.local=$ROOT/.m2repo")
mvn -q -B -o "${MVN_REPO[@]}" install -DskipTests -pl skiff-cli -am >/dev/null
mvn -q -B -o "${MVN_REPO[@]}" -pl skiff-cli test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cd skiff-cli
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.skiff.cli.CrossNodeBench
