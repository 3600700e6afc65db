#!/bin/sh
# The pre-commit hooks of .pre-commit-hooks.yaml, through Debian's pre-commit
# and git, offline: a temporary hook repository holds the project's hook
# definitions and wrapper, a temporary project uses it from its
# .pre-commit-config.yaml, and commits go through `pre-commit install`'s git
# hook.  A stale CRD must stop the commit with a diff; regenerating it must
# let the commit through.
set -u
: "${SRCDIR:?}" "${CRDC:?}"
PRE_COMMIT=${PRE_COMMIT:-pre-commit}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL pre-commit: $*"; sed 's/^/    | /' "$out" | head -40; }
# expect STATUS DESCRIPTION COMMAND...: runs COMMAND into $out, checks its exit status
expect() {
	want=$1 what=$2
	shift 2
	"$@" > "$out" 2>&1
	got=$?
	if [ "$want" = fail ] && [ "$got" -ne 0 ] || [ "$want" = "$got" ]; then ok; else bad "$what (exit status $got)"; fi
}
# has PATTERN DESCRIPTION: the last command's output matches PATTERN
has() { if grep -q -e "$1" "$out"; then ok; else bad "$2"; fi; }
commits() { git rev-list --count HEAD 2>/dev/null || echo 0; }

if ! command -v "$PRE_COMMIT" > /dev/null 2>&1 || ! command -v git > /dev/null 2>&1; then
	echo "FAIL pre-commit: pre-commit and git are needed (apt-get install pre-commit git)"
	echo "0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/crdc-pre-commit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
out=$tmp/out
mkdir "$tmp/bin" "$tmp/home"
printf '#!/bin/sh\nexec %s "$@"\n' "$CRDC" > "$tmp/bin/crdc"
chmod +x "$tmp/bin/crdc"
PATH=$tmp/bin:$PATH
HOME=$tmp/home
PRE_COMMIT_HOME=$tmp/cache
GIT_CONFIG_NOSYSTEM=1
GIT_CONFIG_GLOBAL=$tmp/home/.gitconfig
GIT_AUTHOR_NAME=crdc-test GIT_AUTHOR_EMAIL=crdc-test@example.invalid
GIT_COMMITTER_NAME=crdc-test GIT_COMMITTER_EMAIL=crdc-test@example.invalid
export PATH HOME PRE_COMMIT_HOME GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL \
	GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
git config --global init.defaultBranch main
git config --global advice.detachedHead false

# The hook repository: the project's hook definitions and wrapper, committed.
mkdir -p "$tmp/hooks/tools"
cp "$SRCDIR/.pre-commit-hooks.yaml" "$tmp/hooks/"
cp "$SRCDIR/tools/pre-commit-resolve" "$tmp/hooks/tools/"
(cd "$tmp/hooks" && git init -q && git add -A && git commit -q -m hooks) || { echo "0 passed, 1 failed"; exit 1; }
rev=$(git -C "$tmp/hooks" rev-parse HEAD)

# The project that uses them: a build-style template folder with a shared
# fragment, and a resolve-style template with a JSON Patch.
mkdir -p "$tmp/work/crds-src/common" "$tmp/work/templates"
cd "$tmp/work" || exit 1
cat > .pre-commit-config.yaml <<YAML
repos:
- repo: $tmp/hooks
  rev: $rev
  hooks:
  - id: crdc-check
    args: [--descriptions, strip-refs]
  - id: crdc-resolve
    args: [templates/gadget.yaml, generated/gadget.yaml, -r, -j, templates/gadget.patch.yaml]
YAML
. "$SRCDIR/tests/lib/crd.sh"
crd() { # crd PLURAL KIND PROPERTIES-YAML: a template with a spec of PROPERTIES
	crd_template "$1" "$2" "            type: object
            properties:
$3"
}
cat > crds-src/common/pod.yaml <<'YAML'
definitions:
  Tolerations:
    type: array
    items:
      $ref: io.k8s.api.core.v1.Toleration
YAML
crd widgets Widget '              tolerations:
                $ref: common/pod.yaml#/definitions/Tolerations' > crds-src/widget.yaml
crd gadgets Gadget '              port:
                $ref: io.k8s.apimachinery.pkg.util.intstr.IntOrString' > templates/gadget.yaml
cat > templates/gadget.patch.yaml <<'YAML'
- op: add
  path: /metadata/labels
  value: {app.kubernetes.io/part-of: gadgets}
YAML
git init -q
expect 0 "pre-commit install" "$PRE_COMMIT" install
expect 0 "crdc build" crdc build -q --descriptions strip-refs
mkdir generated
expect 0 "crdc resolve" crdc resolve -r -j templates/gadget.patch.yaml templates/gadget.yaml generated/gadget.yaml
git add -A

expect 0 "a commit with current CRDs passes" git commit -q -m "current CRDs"
has 'crdc build --check\.*Passed' "crdc-check ran and passed"
has 'crdc resolve\.*Passed' "crdc-resolve ran and passed"

# crdc-check: a template edited without regenerating its CRD.
crd widgets Widget '              tolerations:
                $ref: common/pod.yaml#/definitions/Tolerations
              nodeName:
                type: string' > crds-src/widget.yaml
git add crds-src/widget.yaml
expect fail "a commit with a stale crds-out/widget.yaml fails" git commit -q -m "stale CRD"
has 'crdc build --check\.*Failed' "crdc-check failed"
has '^+ *nodeName:' "crdc-check printed the diff"
[ "$(commits)" = 1 ] && ok || bad "the stale commit was made"
expect 0 "crdc build regenerates" crdc build -q --descriptions strip-refs
git add crds-out
expect 0 "the commit passes once the CRD is regenerated" git commit -q -m "regenerated CRD"
[ "$(commits)" = 2 ] && ok || bad "the regenerated commit was not made"

# crdc-resolve: the template and its patch both matter.
crd gadgets Gadget '              port:
                $ref: io.k8s.apimachinery.pkg.util.intstr.IntOrString
              replicas:
                type: integer' > templates/gadget.yaml
git add templates/gadget.yaml
expect fail "a commit with a stale generated/gadget.yaml fails" git commit -q -m "stale resolve"
has 'crdc resolve\.*Failed' "crdc-resolve failed"
has '^+ *replicas:' "crdc-resolve printed the diff"
has 'generated/gadget.yaml: regenerated from templates/gadget.yaml' "crdc-resolve said what it regenerated"
grep -q 'replicas:' generated/gadget.yaml && ok || bad "crdc-resolve did not regenerate generated/gadget.yaml"
grep -q 'app.kubernetes.io/part-of: gadgets' generated/gadget.yaml && ok || bad "crdc-resolve did not apply the -j patch"
grep -q -e '- type: integer' generated/gadget.yaml && ok || bad "crdc-resolve did not convert IntOrString"
[ "$(commits)" = 2 ] && ok || bad "the stale resolve commit was made"
git add generated/gadget.yaml
expect 0 "the commit passes once the regenerated CRD is staged" git commit -q -m "regenerated resolve"
[ "$(commits)" = 3 ] && ok || bad "the regenerated resolve commit was not made"

# A change outside the hooks' files does not run crdc-check.
echo notes > NOTES.txt
git add NOTES.txt
expect 0 "a commit of other files passes" git commit -q -m notes
has 'crdc build --check\..*Skipped' "crdc-check was skipped for other files"

# The wrapper's usage error.
expect 2 "pre-commit-resolve without SRC DST exits 2" "$tmp/hooks/tools/pre-commit-resolve"
has '^usage: pre-commit-resolve SRC DST' "pre-commit-resolve printed its usage"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
