#!/bin/sh
# Hostile input (README: Bad input).  Every input is made here, at test time,
# and run against the commands it applies to.  Each run must end within the
# time limit with exit status 2 (never a signal), print a message naming the
# file, stay under 256 MB of memory, and leave every output as it was: no
# file created, changed or removed.
set -u
: "${CRDC:?}" "${SRCDIR:?}" "${MEASURE:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crdc-hostile.XXXXXX")
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
LIMIT_MB=${HOSTILE_MB:-256}	# check-valgrind measures valgrind itself
LIMIT_S=${HOSTILE_SECONDS:-20}	# generous: valgrind runs these too

# A valid template, and a valid custom resource for it.
. "$SRCDIR/tests/lib/crd.sh"
crd() { crd_template widgets Widget "            ${1:-type: object}"; }
mkdir -p "$tmp/in" "$tmp/root/common"
cd "$tmp/root" || exit 1
crd > good.yaml
printf 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {}\n' > resource.yaml

# --- the inputs --------------------------------------------------------------
python3 - "$tmp/in" <<'PY'
import os, sys
d = sys.argv[1]
def w(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
w("not-yaml", bytes((i * 151 + 7) % 256 for i in range(4096)))
w("not-utf8", b"apiVersion: apiextensions.k8s.io/v1\nkind: \xff\xfeCustomResourceDefinition\n")
w("utf16", "apiVersion: v1\n".encode("utf-16"))
w("bom", b"\xef\xbb\xbf" + open("good.yaml", "rb").read())
w("duplicate-keys", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nkind: Other\n")
bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
for i in range(1, 12):
    bomb.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
w("alias-bomb", "\n".join(bomb) + "\n")
w("merge-key", "base: &b {kind: CustomResourceDefinition}\ncrd:\n  <<: *b\n")
w("tag-binary", "apiVersion: !!binary YXBp\n")
w("tag-custom", "apiVersion: !vault secret/path\n")
w("nest-flow", "[" * 100000 + "]" * 100000 + "\n")
w("nest-block", "- " * 100000 + "x\n")
w("nest-json", '{"a":' * 100000 + "1" + "}" * 100000 + "\n")
w("nest-map", "".join(" " * i + "a:\n" for i in range(3000)) + " " * 3000 + "b\n")
w("flow-huge", "[" + ",".join(["0"] * 3000000) + "]\n")
w("keys-huge", "a:\n" + "".join(f" k{i}: {i}\n" for i in range(600000)))
with open(os.path.join(d, "scalar-100mb"), "wb") as f:
    f.write(b'k: "')
    f.write(b"a" * (100 << 20))
    f.write(b'"\n')
with open(os.path.join(d, "file-200mb"), "wb") as f:
    f.truncate(200 << 20)
w("empty", "")
w("comments-only", "# nothing here\n---\n")
w("two-documents", open("good.yaml").read() + "---\n" + open("good.yaml").read())
w("not-a-crd", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n")
w("null-doc", "~\n")
PY
mkfifo "$tmp/in/fifo"
ln -s /dev/zero "$tmp/in/dev-zero"
mkdir "$tmp/in/directory"

# Templates whose refs are hostile.
ref() { crd "\$ref: '$1'" > "$tmp/in/ref-$2"; }
ref common/missing.yaml missing-file
ref common/dir.yaml directory
ref common/zero.yaml dev-zero
ref common/fifo.yaml fifo
ref common/escape.yaml symlink-out
ref ../outside.yaml outside-root
ref /etc/hostname absolute
ref https://example.com/schema.json url
ref common/a.yaml#/A cycle
ref common/huge.yaml#/x big-fragment
mkdir common/dir.yaml
ln -s /dev/zero common/zero.yaml
mkfifo common/fifo.yaml
ln -s /etc/hostname common/escape.yaml
echo 'S: {type: object}' > ../outside.yaml
printf 'A:\n  $ref: b.yaml#/B\n' > common/a.yaml
printf 'B:\n  $ref: a.yaml#/A\n' > common/b.yaml
cp "$tmp/in/alias-bomb" common/huge.yaml

# --- running -----------------------------------------------------------------
# outputs: a folder with a file in it, and a resolve destination; both must
# be as they were after every run.
mkdir out
echo sentinel > out/keep.yaml
echo sentinel > dest.yaml
# A folder's own time is left out: a failed write creates and removes its
# temporary file there, which moves the folder's mtime on a slow run.
snapshot() { (cd "$tmp/root" && find out dest.yaml | sort &&
	find out dest.yaml ! -type d -exec ls -l --time-style=+%s {} \; | sort && cat out/keep.yaml dest.yaml); }
before=$(snapshot)

run() { # run NAME FILE-IN-MESSAGE COMMAND...
	name=$1 file=$2
	shift 2
	res=$(timeout "$LIMIT_S" "$MEASURE" "$@" 2>/dev/null)
	rc=$?
	status=$(echo "$res" | awk '{print $5}')
	rss_mb=$(echo "$res" | awk '{print int($4 / 1024)}')
	msg=$(timeout "$LIMIT_S" "$@" 2>&1 >/dev/null | head -c 2000)
	why=""
	[ $rc -eq 124 ] && why="did not end within $LIMIT_S s"
	[ -z "$why" ] && [ "$status" != 2 ] && why="exit status $status, expected 2"
	[ -z "$why" ] && [ "${rss_mb:-0}" -ge $LIMIT_MB ] && why="used $rss_mb MB"
	[ -z "$why" ] && ! printf '%s' "$msg" | grep -qF "$file" && why="the message does not name $file: $msg"
	[ -z "$why" ] && [ "$(snapshot)" != "$before" ] && why="an output was created, changed or removed"
	if [ -z "$why" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name: $why"
	fi
}

# Every bad file as a template (build, resolve), as a CRD (lint, validate's
# --crd) and as a resource (validate).
for f in not-yaml not-utf8 utf16 bom duplicate-keys alias-bomb merge-key tag-binary tag-custom nest-flow \
	 nest-block nest-json nest-map flow-huge keys-huge scalar-100mb file-200mb empty comments-only null-doc \
	 fifo dev-zero directory; do
	p=$tmp/in/$f
	run "build $f" "$f" "$CRDC" build -q -o out "$p"
	run "resolve $f" "$f" "$CRDC" resolve -q "$p" dest.yaml
	run "lint $f" "$f" "$CRDC" lint -q "$p"
	run "validate --crd $f" "$f" "$CRDC" validate -q --crd "$p" resource.yaml
	run "validate $f" "$f" "$CRDC" validate -q --crd good.yaml "$p"
done
# Well-formed, but not a template.
for f in two-documents not-a-crd; do
	run "build $f" "$f" "$CRDC" build -q -o out "$tmp/in/$f"
	run "resolve $f" "$f" "$CRDC" resolve -q "$tmp/in/$f" dest.yaml
done
run "lint not-a-crd" "not-a-crd" "$CRDC" lint -q "$tmp/in/not-a-crd"
run "validate not-a-crd" "not-a-crd" "$CRDC" validate -q --crd good.yaml "$tmp/in/not-a-crd"
# Hostile refs.
for f in missing-file directory dev-zero fifo symlink-out outside-root absolute url cycle big-fragment; do
	run "build ref-$f" "ref-$f" "$CRDC" build -q -o out "$tmp/in/ref-$f"
	run "resolve ref-$f" "ref-$f" "$CRDC" resolve -q "$tmp/in/ref-$f" dest.yaml
done
# Hostile standard input.
run "resolve - < /dev/zero" "stdin" sh -c "'$CRDC' resolve -q - dest.yaml < /dev/zero"
run "lint - < fifo-like endless input" "stdin" sh -c "yes 'a: b' | '$CRDC' lint -q -"

# Outputs that cannot be written.  (As root, permissions do not stop writes:
# /proc stands in for a read-only folder.)
run "output folder not creatable" "/proc/crdc" "$CRDC" build -q -o /proc/crdc-out good.yaml
run "output folder not writable" "/proc" "$CRDC" build -q -o /proc good.yaml
mkdir -p out2/good.yaml
run "output path is a directory" "out2/good.yaml" "$CRDC" build -q -o out2 good.yaml
rmdir out2/good.yaml out2
run "resolve into a directory" "out" "$CRDC" resolve -q good.yaml out
# The disk filling up mid-write: RLIMIT_FSIZE (ulimit -f, 512-byte blocks)
# lets the temporary file grow to 4 KiB only.
crd "\$ref: io.k8s.api.core.v1.PodTemplateSpec" > big.yaml
cp out/keep.yaml out/big.yaml
before=$(snapshot)
run "disk full (build)" "big.yaml" sh -c "ulimit -f 8; '$CRDC' build -q -o out big.yaml"
run "disk full (resolve)" "dest.yaml" sh -c "ulimit -f 8; '$CRDC' resolve -q big.yaml dest.yaml"
leftovers=$(find out . -maxdepth 1 -name '.*.crdc-*' | wc -l)
if [ "$leftovers" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL temporary files left behind"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
