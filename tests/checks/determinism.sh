#!/bin/sh
# The same templates give the same bytes whatever the locale, the environment,
# the current directory (for relative inputs) and the order in which files
# are named on the command line or returned by the file system.
set -u
: "${CRDC:?}" "${SRCDIR:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crdc-determinism.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
flags="--descriptions strip-kubernetes"
same() { # same NAME DIR: compares DIR with the reference output
	if diff -r "$tmp/ref" "$2" > "$tmp/why" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $1:"
		head -20 "$tmp/why"
	fi
}

# The reference: from the source folder, in the C locale.
(cd "$SRCDIR" && LC_ALL=C "$CRDC" build -q $flags -o "$tmp/ref" crds-src) || { echo "FAIL reference build"; exit 1; }

# Other locales and an almost empty environment.
for loc in de_DE.UTF-8 tr_TR.UTF-8 fr_FR@euro C.UTF-8 POSIX; do
	(cd "$SRCDIR" && env -i PATH=/usr/bin:/bin LC_ALL=$loc LANG=$loc LC_NUMERIC=$loc TZ=Pacific/Chatham \
		"$CRDC" build -q $flags -o "$tmp/loc-$loc" crds-src)
	same "LC_ALL=$loc" "$tmp/loc-$loc"
done

# A real locale with a decimal comma (built here; needs Debian's `locales`):
# numbers must still be written with a point.
mkdir -p "$tmp/locale" "$tmp/reals/crds-src"
if localedef -i de_DE -f UTF-8 "$tmp/locale/de_DE.UTF-8" 2>/dev/null; then
	. "$SRCDIR/tests/lib/crd.sh"
	crd_template gauges Gauge "            type: object
            properties:
              ratio: {type: number, minimum: 0.25, maximum: 1.5e3, multipleOf: 0.05, default: 0.5}" \
		> "$tmp/reals/crds-src/gauge.yaml"
	(cd "$tmp/reals" && "$CRDC" build -q -o c crds-src && LOCPATH=$tmp/locale LC_ALL=de_DE.UTF-8 "$CRDC" build -q -o de crds-src)
	if cmp -s "$tmp/reals/c/gauge.yaml" "$tmp/reals/de/gauge.yaml" && grep -q 'minimum: 0.25' "$tmp/reals/de/gauge.yaml"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL numbers under de_DE.UTF-8:"
		diff "$tmp/reals/c/gauge.yaml" "$tmp/reals/de/gauge.yaml" | head
	fi
else
	fail=$((fail + 1))
	echo "FAIL cannot build the de_DE.UTF-8 locale (install Debian's locales package)"
fi

# Another current directory: the same files through absolute paths and --root.
(cd / && "$CRDC" build -q $flags --root "$SRCDIR" -o "$tmp/cwd" "$SRCDIR/crds-src")
same "another current directory" "$tmp/cwd"

# Files named one by one, in reverse order and twice.
files=$(cd "$SRCDIR" && ls crds-src/*.yaml | sort -r)
(cd "$SRCDIR" && "$CRDC" build -q $flags -o "$tmp/order" $files $files)
same "files in reverse order" "$tmp/order"

# A copy whose files were created in reverse order (another readdir order).
mkdir -p "$tmp/copy/crds-src/common"
for f in $(cd "$SRCDIR/crds-src" && find . -type f | sort -r); do
	cp "$SRCDIR/crds-src/$f" "$tmp/copy/crds-src/$f"
done
(cd "$tmp/copy" && "$CRDC" build -q $flags -o "$tmp/readdir" crds-src)
same "another directory order" "$tmp/readdir"

# Twice in a row: nothing depends on time or on what is already there.
(cd "$SRCDIR" && "$CRDC" build -q $flags -o "$tmp/again" crds-src && "$CRDC" build -q $flags -o "$tmp/again" crds-src)
same "a second build" "$tmp/again"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
