#!/bin/sh
# README, Performance: crdc build holds one template's trees and text at a
# time, so its peak memory is bounded by the largest CRD, not by the set.
# Builds 4 and then 40 templates that each embed PodTemplateSpec (about
# 0.5 MB of output each) and compares the peak RSS of the two runs: keeping
# every output alive until the end would add some 18 MB.  Sanitizers and
# valgrind keep freed memory for a while, so there only the outputs are
# checked.  Last, a JSON file over the node limit must be refused cheaply.
set -u
: "${CRDC:?}" "${MEASURE:?}" "${SRCDIR:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crdc-memory.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
check() { # check NAME CONDITION-STATUS MESSAGE
	if [ "$2" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: $3"; fi
}
. "$SRCDIR/tests/lib/crd.sh"
template() {
	crd_template "m$1s" "M$1" "            type: object
            properties:
              template:
                \$ref: io.k8s.api.core.v1.PodTemplateSpec"
}
rss_kb() { # rss_kb N: builds N templates, prints the peak RSS in KiB
	mkdir -p "$tmp/src$1"
	i=0
	while [ $i -lt "$1" ]; do
		template "x$i" > "$tmp/src$1/m$i.yaml"
		i=$((i + 1))
	done
	res=$("$MEASURE" "$CRDC" build -q --no-lint -o "$tmp/out$1" "$tmp/src$1")
	[ "$(echo "$res" | awk '{print $5}')" = 0 ] || { echo "FAIL build of $1 templates: $res" >&2; echo 0; return; }
	echo "$res" | awk '{print $4}'
}
small=$(rss_kb 4)
large=$(rss_kb 40)
n=$(find "$tmp/out40" -name '*.yaml' -size +100k | wc -l)
check "outputs of 40 templates" "$([ "$n" -eq 40 ]; echo $?)" "$n of 40 outputs over 100 KB"
if [ -n "${CRDC_WRAPPER:-}" ] || [ -n "${SANITIZERS:-}" ]; then
	echo "(peak RSS not compared under valgrind or sanitizers)"
elif [ "$small" -gt 0 ] && [ "$large" -gt 0 ]; then
	check "peak RSS bounded by one CRD" "$([ "$large" -le $((small + 4096)) ]; echo $?)" \
		"40 templates took $large KiB, 4 took $small KiB"
else
	check "builds" 1 "a build failed"
fi
# A 6 MB JSON file of 3 million numbers is over the node limit: it must be
# refused from its text, not after jansson has built the tree (120 MB).
python3 -c 'import sys; sys.stdout.write("[" + ",".join(["0"] * 3000000) + "]\n")' > "$tmp/numbers.json"
res=$("$MEASURE" "$CRDC" lint -q "$tmp/numbers.json" 2>/dev/null)
check "node limit exit status" "$([ "$(echo "$res" | awk '{print $5}')" = 2 ]; echo $?)" "lint exited: $res"
if [ -z "${CRDC_WRAPPER:-}" ] && [ -z "${SANITIZERS:-}" ]; then
	kb=$(echo "$res" | awk '{print $4}')
	check "JSON over the node limit refused unread" "$([ "${kb:-999999}" -le 32768 ]; echo $?)" "took $kb KiB"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
