#!/usr/bin/env bash
# Checks that the build is reproducible: the same sources give the same target/siphint.jar, byte for
# byte, whatever folder they are built in and whenever. Builds the jar in a fresh copy of the
# sources (in a folder of another name) and compares its SHA-256 with a jar built before; with no
# jar given, builds twice. On a difference it names the entries that differ and fails.
#   installer/check-reproducible.sh                          # two builds (about two minutes)
#   SIPHINT_JAR=target/siphint.jar installer/check-reproducible.sh   # one build, compared with that jar
# The timestamp of every archive entry is project.build.outputTimestamp in pom.xml.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# Builds the jar from a copy of the files git knows (as they are in the work tree, changes included)
# in "$WORK/$1", and prints the jar's path.
build() {
  local dir="$WORK/$1"
  mkdir -p "$dir"
  git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    [ -e "$f" ] && printf '%s\0' "$f"
  done | xargs -0 cp --parents -t "$dir"
  (cd "$dir" && mvn -B -q -ntp package -DskipTests) > "$WORK/$1.log" 2>&1 \
    || { cat "$WORK/$1.log" >&2; fail "the build in a copy of the sources failed"; }
  echo "$dir/target/siphint.jar"
}

if [ -n "${SIPHINT_JAR:-}" ]; then
  [ -f "$SIPHINT_JAR" ] || fail "no jar at $SIPHINT_JAR"
  first="$WORK/reference.jar"
  cp "$SIPHINT_JAR" "$first"
  echo "== reference: $SIPHINT_JAR"
else
  echo "== first build"
  first=$(build first-build)
fi
echo "== build in a copy of the sources"
second=$(build another-folder)

sum1=$(sha256sum "$first" | cut -d' ' -f1)
sum2=$(sha256sum "$second" | cut -d' ' -f1)
echo "first:  $sum1"
echo "second: $sum2"
if [ "$sum1" != "$sum2" ]; then
  mkdir "$WORK/a" "$WORK/b"
  (cd "$WORK/a" && unzip -q "$first") && (cd "$WORK/b" && unzip -q "$second")
  diff -rq "$WORK/a" "$WORK/b" | sed "s#$WORK/[ab]/##g" >&2 || true
  diff <(unzip -Z -T "$first" | tail -n +3) <(unzip -Z -T "$second" | tail -n +3) | head -20 >&2 || true
  fail "two builds of the same sources gave different jars"
fi
echo "reproducible: both builds gave target/siphint.jar with SHA-256 $sum1"
