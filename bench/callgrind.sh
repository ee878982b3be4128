#!/usr/bin/env bash
# Instruction counts of event.Parse and event.Decode against encoding/json
# decoding into a hand-written mirror of the same payload
# (event/bench_test.go), and of the Desk receiver against the handler a user
# would write by hand (deskcallback/bench_test.go), with valgrind
# --tool=callgrind: stable where wall time is not, on a shared machine. For
# each benchmark it runs N and 1 iterations of each side and prints the
# instructions per operation and their ratio.
#
#	bash bench/callgrind.sh            # every BenchmarkParse*, then the Desk receiver
#	bash bench/callgrind.sh ChatAdd    # those matching a pattern (and the Desk receiver)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v valgrind >/dev/null; then
	echo "installing valgrind" >&2
	SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
	$SUDO apt-get update -qq && $SUDO apt-get install -y -qq valgrind >/dev/null
fi

pattern="${1:-}"
n=2000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/event.test" ./event
go test -c -o "$work/deskcallback.test" ./deskcallback
go test -c -o "$work/deskapi.test" ./deskapi

# instructions runs one benchmark side for the given count and prints the
# total instructions executed.
instructions() {
	local bench=$1 side=$2 count=$3 pkg=${4:-event} out="$work/cg.out"
	# Go's preemption signals upset callgrind: one thread, no async
	# preemption; valgrind 3.19 cannot run RDTSCP, which Go 1.26 uses when
	# the CPU has it. The test binary reads testdata/ from its package dir.
	(cd "$pkg" && GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off GOMAXPROCS=1 valgrind --tool=callgrind \
		--callgrind-out-file="$out" "$work/$pkg.test" -test.run='^$' \
		-test.bench="^${bench}\$/^${side}\$" -test.benchtime="${count}x" -test.cpu=1 >"$work/log" 2>&1) ||
		{ cat "$work/log" >&2; exit 1; }
	awk '/^totals:/ {print $2}' "$out"
}

printf '%-32s %14s %14s %7s %14s %7s\n' benchmark "mirror Ir/op" "Parse Ir/op" ratio "Decode Ir/op" ratio
for bench in $(grep -o '^func Benchmark[A-Za-z]*' event/bench_test.go | sed 's/^func //' | grep "Parse${pattern}"); do
	declare -A per=()
	for side in impl=mirror impl=Parse impl=Decode; do
		many=$(instructions "$bench" "$side" "$n")
		one=$(instructions "$bench" "$side" 1)
		per[$side]=$(( (many - one) / (n - 1) ))
	done
	awk -v b="$bench" -v m="${per[impl=mirror]}" -v p="${per[impl=Parse]}" -v d="${per[impl=Decode]}" \
		'BEGIN { printf "%-32s %14d %14d %6.2fx %14d %6.2fx\n", b, m, p, p / m, d, d / m }'
done

# pair prints the instructions per operation of two sides of one benchmark
# of a package, and their ratio.
pair() {
	local pkg=$1 bench=$2 base=$3 side=$4 a b
	a=$(( ($(instructions "$bench" "impl=$base" "$n" "$pkg") - $(instructions "$bench" "impl=$base" 1 "$pkg")) / (n - 1) ))
	b=$(( ($(instructions "$bench" "impl=$side" "$n" "$pkg") - $(instructions "$bench" "impl=$side" 1 "$pkg")) / (n - 1) ))
	awk -v name="$pkg.$bench" -v a="$a" -v b="$b" -v base="$base" -v side="$side" \
		'BEGIN { printf "%-32s %10s %10d %10s %10d %6.2fx\n", name, base, a, side, b, b / a }'
}

printf '\n%-32s %21s %21s %7s\n' benchmark "baseline Ir/op" "kefu Ir/op" ratio
pair deskcallback BenchmarkHandler handwritten Handler
n=201 pair deskapi BenchmarkSendMsg bare-post Client
