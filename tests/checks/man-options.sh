#!/bin/sh
# man-options: every option a command's --help lists appears in man/crdc.1.
# Prints "N passed, N failed" last.  Env: CRDC, SRCDIR.
set -u
: "${CRDC:?}" "${SRCDIR:?}"
man=$SRCDIR/man/crdc.1
pass=0 fail=0
# The man page writes "-" as "\-"; compare with that undone.
text=$(sed 's/\\-/-/g' "$man")
for cmd in build resolve show versions lint validate; do
	for opt in $("$CRDC" "$cmd" --help | sed -n 's/^  *\(-., \)\{0,1\}\(--[a-z-]*\).*/\2/p'); do
		if printf '%s\n' "$text" | grep -q -- "$opt"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL man-options: crdc $cmd $opt is not in man/crdc.1"
		fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
