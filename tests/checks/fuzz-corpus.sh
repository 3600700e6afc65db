#!/bin/sh
# The seed corpora of the fuzz targets (tests/fuzz/corpus/TARGET/) and the
# inputs fuzzing found (tests/fuzz/regress/TARGET/), replayed through each
# target's oracles by tests/fuzz/replay-TARGET: libFuzzer's entry point on
# every file, built like the unit tests (no clang needed).  A failed oracle
# or a sanitizer report aborts the replay.
set -u
: "${BUILDDIR:?}" "${SRCDIR:?}"
pass=0 fail=0
for r in ${FUZZ_REPLAY:-}; do
	t=${r##*/replay-}
	corpus=$SRCDIR/tests/fuzz/corpus/fuzz_$t
	regress=$SRCDIR/tests/fuzz/regress/fuzz_$t
	[ -d "$regress" ] || regress=
	if out=$(${CRDC_WRAPPER:-} "$BUILDDIR/$r" "$corpus" $regress 2>&1 >/dev/null); then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL fuzz_$t:"
		printf '%s\n' "$out" | grep -v -E '^replay: |^[^ ]+:([0-9]+:[0-9]+|/[^ ]*): (error|warning|note): ' | head -n 12
		printf '%s\n' "$out" | grep '^replay: '
	fi
done
echo "$pass passed, $fail failed"
