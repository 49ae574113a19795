#!/bin/sh
# Builds the bench runners and runs one: bench/run.sh LedgerBench [key=value ...]
# Results go to stdout as Markdown (progress to stderr); docs/benchmarks.md records them.
set -e
cd "$(dirname "$0")/.."
mvn -q -pl bench -am install -DskipTests
mvn -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
main="$1"; shift
exec java ${BENCH_JAVA_OPTS:--Xmx12g} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "io.aftermath.bench.$main" "$@"
