#!/bin/sh
# Builds the bench runners and runs one: bench/run.sh LedgerBench [key=value ...]
# Results go to stdout as Markdown (progress to stderr); docs/benchmarks.md records them.
set -e
cd "$(dirname "$0")/.."
mvn -q -pl bench -am install -DskipTests
mvn -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
main="$1"; shift
# The heap is touched in full before anything is measured: on these VMs a page touched for the first
# time costs ~4 us to clear (perf: a fifth of all CPU went to it while a growing heap was measured).
exec java ${BENCH_JAVA_OPTS:--Xms12g -Xmx12g -XX:+AlwaysPreTouch} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "io.aftermath.bench.$main" "$@"
