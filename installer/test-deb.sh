#!/usr/bin/env bash
# Builds the .deb, installs it on this machine and checks it as an admin would: the launcher runs,
# the rules compile in the trimmed runtime, the user unit is valid, the daemon follows a log and
# reports, and `dpkg -r` stops the daemon and `dpkg --purge` leaves no file behind.
# Needs root, dpkg-deb and fakeroot; systemd-analyze when present. The package is purged on any exit.
# SIPHINT_DEB=path/to.deb tests that package instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=siphint
LAUNCHER=/opt/siphint/bin/siphint
DAEMON=/opt/siphint/bin/siphint-daemon
UNIT=/usr/lib/systemd/user/siphint.service
WORK=$(mktemp -d)
DAEMON_PID=""

step() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

cleanup() {
  local rc=$?
  if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
    kill "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
  fi
  if dpkg -s "$PACKAGE" >/dev/null 2>&1; then
    dpkg_waiting --purge "$PACKAGE" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

# dpkg stops at once when another process holds its lock (an unattended upgrade, apt in another
# window): run it again until the lock is free, for DPKG_LOCK_WAIT seconds at most (default 300).
DPKG_LOCK_WAIT=${DPKG_LOCK_WAIT:-300}
dpkg_waiting() {
  local deadline=$(( $(date +%s) + DPKG_LOCK_WAIT )) rc said=""
  while :; do
    rc=0
    dpkg "$@" 2> "$WORK/dpkg.err" || rc=$?
    if [ "$rc" != 0 ] && grep -qiE 'lock.*(held|locked)|locked by another process|could not get lock' "$WORK/dpkg.err" \
        && [ "$(date +%s)" -lt "$deadline" ]; then
      [ -n "$said" ] || { echo "dpkg is locked by another process; waiting up to $DPKG_LOCK_WAIT s"; said=1; }
      sleep 2
      continue
    fi
    cat "$WORK/dpkg.err" >&2
    return "$rc"
  done
}

# Every path where a package or its scripts can put something (dpkg's own database aside).
snapshot() {
  find /opt /usr /etc /var/lib /var/opt /srv \( -path /var/lib/dpkg -o -path /var/lib/apt \) -prune -o -print \
    2>/dev/null | sort
}

[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i)"

if [ -n "${SIPHINT_DEB:-}" ]; then
  deb=$SIPHINT_DEB   # a package built before, e.g. by CI's build step
else
  step "build the .deb"
  start=$(date +%s)
  # gzip, not dpkg-deb's default xz: half the build time; the package's contents are the same.
  DPKG_DEB_COMPRESSOR_TYPE=gzip mvn -B -q -ntp -Pdeb -DskipTests package
  deb=$(ls target/installer/${PACKAGE}_*.deb)
  echo "built $deb ($(du -h "$deb" | cut -f1)) in $(( $(date +%s) - start )) s"
fi

if dpkg -s "$PACKAGE" >/dev/null 2>&1; then
  dpkg_waiting --purge "$PACKAGE" >/dev/null
fi
snapshot > "$WORK/before.txt"

step "install while another dpkg holds the lock for a few seconds"
# a real dpkg holds its locks while it reads the selections from its standard input
( sleep 6 ) | dpkg --set-selections &
LOCK_HOLDER=$!
sleep 1
start=$(date +%s)
dpkg_waiting -i "$deb"
wait "$LOCK_HOLDER" || true
echo "installed after waiting $(( $(date +%s) - start )) s for the lock"
[ -x "$LAUNCHER" ] || fail "no launcher at $LAUNCHER"
[ "$(readlink /usr/bin/siphint)" = "$LAUNCHER" ] || fail "/usr/bin/siphint does not point to $LAUNCHER"
if command -v systemctl >/dev/null 2>&1; then
  [ -f "$UNIT" ] || fail "no user unit at $UNIT"
  [ -L /etc/systemd/user/default.target.wants/siphint.service ] || fail "the user unit is not enabled for all users"
else
  [ -f /etc/xdg/autostart/siphint.desktop ] || fail "no autostart entry"
fi
echo "installed size: $(du -sh /opt/siphint | cut -f1) (runtime $(du -sh /opt/siphint/lib/runtime | cut -f1), app $(du -sh /opt/siphint/lib/app | cut -f1))"
[ -s /opt/siphint/lib/app/siphint.jsa ] || fail "postinst made no class data sharing archive (/opt/siphint/lib/app/siphint.jsa)"
echo "class data sharing archive: $(du -h /opt/siphint/lib/app/siphint.jsa | cut -f1)"

step "licences: Debian's copyright file, LICENSE, NOTICE, THIRD-PARTY.txt and each library's files"
COPYRIGHT=/usr/share/doc/siphint/copyright
APPDIR=/opt/siphint/lib/app
for f in "$COPYRIGHT" "$APPDIR/LICENSE" "$APPDIR/NOTICE" "$APPDIR/THIRD-PARTY.txt"; do
  [ -s "$f" ] || fail "no $f"
done
cmp -s "$APPDIR/LICENSE" LICENSE || fail "$APPDIR/LICENSE is not the project's LICENSE"
# the bundled Apache projects' NOTICE files, merged (Drools is an Apache project)
grep -q 'The Apache Software Foundation' "$APPDIR/NOTICE" || fail "NOTICE lacks the bundled Apache projects' notices"
ls "$APPDIR/licenses/jackson-core/LICENSE" "$APPDIR/licenses/slf4j-api/LICENSE.txt" "$APPDIR/licenses/mxparser/LICENSE" >/dev/null \
  || fail "the libraries' own licence files are missing from $APPDIR/licenses"
# machine-readable (python3-debian's strict parser), every licence named has its paragraph, and every
# library THIRD-PARTY.txt lists is named in it
# Debian's python3, where python3-debian is (another python3 may come first on the PATH)
if /usr/bin/python3 -c 'import debian.copyright' 2>/dev/null; then
  /usr/bin/python3 - "$COPYRIGHT" "$APPDIR/THIRD-PARTY.txt" <<'PY' || fail "$COPYRIGHT is not a valid machine-readable copyright file"
import re, sys
from debian import copyright
c = copyright.Copyright(open(sys.argv[1], encoding="utf-8"), strict=True)
assert c.header.upstream_name == "siphint", c.header.upstream_name
defined = {p.license.synopsis for p in c.all_license_paragraphs()}
used = set()
for p in c.all_files_paragraphs():
    if p.license.text.strip():
        defined.add(p.license.synopsis)
    for name in re.split(r"\s+(?:and|or)\s+", p.license.synopsis.replace("(", "").replace(")", "")):
        used.add(name.strip())
missing = sorted(used - defined)
assert not missing, "licences without a License paragraph: %s" % missing
files = {f for p in c.all_files_paragraphs() for f in p.files}
for f in ("*", "opt/siphint/lib/app/siphint.jar", "opt/siphint/lib/runtime/*"):
    assert f in files, "no Files paragraph for " + f
jar = next(p for p in c.all_files_paragraphs() if "opt/siphint/lib/app/siphint.jar" in p.files)
libs = re.findall(r"^- .* \(([^:()]+:[^:()]+):[^:()]+\)$", open(sys.argv[2], encoding="utf-8").read(), re.M)
assert len(libs) > 20, "THIRD-PARTY.txt lists only %d libraries" % len(libs)
absent = [l for l in libs if "(" + l + ")" not in jar.comment]
assert not absent, "libraries missing from the copyright file: %s" % absent
print("copyright: %d libraries, licences %s" % (len(libs), ", ".join(sorted(used))))
PY
else
  head -1 "$COPYRIGHT" | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' \
    || fail "$COPYRIGHT is not in Debian's machine-readable format"
  echo "copyright: format line present (python3-debian not installed: not parsed)"
fi

step "the installed launcher"
version=$(siphint --version)
echo "$version"
case "$version" in siphint\ *) ;; *) fail "siphint --version printed '$version'" ;; esac
if siphint --help | grep -qw doctor; then
  siphint doctor
else
  siphint explain sip-401 | grep -qi "password\|credential" || fail "siphint explain sip-401 printed no explanation"
  echo "explain sip-401: ok"
fi
# The shipped rules come precompiled; a folder of one's own is compiled from DRL at run time:
# both must work in the trimmed runtime (the second proves it holds every module Drools' compiler needs).
finding=$(siphint replay sample-logs/asterisk/call-not-acceptable.log)
echo "$finding" | grep -q '"situation":"sip-488"' || fail "replay in the installed runtime gave: $finding"
mkdir "$WORK/rules"
{ cat rules/calls.drl; echo "// a user's copy: compiled at run time"; } > "$WORK/rules/calls.drl"
finding=$(siphint replay --rules "$WORK/rules" sample-logs/asterisk/call-not-acceptable.log)
echo "$finding" | grep -q '"situation":"sip-488"' || fail "replay with rules compiled in the installed runtime gave: $finding"
echo "replay in the trimmed runtime, precompiled and compiled rules: sip-488 found"
# The tray icon from the installed runtime, on a desktop with an XEmbed tray (Xvfb and trayer)
if command -v Xvfb >/dev/null 2>&1 && command -v trayer >/dev/null 2>&1; then
  display=":$(( 90 + $$ % 9 ))"
  Xvfb "$display" -screen 0 800x600x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  sleep 1
  DISPLAY="$display" trayer --edge top --align right --widthtype pixel --width 120 >/dev/null 2>&1 &
  trayer_pid=$!
  sleep 1
  tray=$(DISPLAY="$display" timeout 60 siphint doctor | grep '^tray:' || true)
  kill "$trayer_pid" "$xvfb_pid" 2>/dev/null || true
  echo "installed runtime on an X11 desktop: $tray"
  case "$tray" in *"an icon can be shown"*) ;; *) fail "the installed runtime cannot show a tray icon: $tray" ;; esac
else
  echo "no Xvfb or trayer here: the installed runtime's tray icon is not checked"
fi

step "the user unit"
if command -v systemd-analyze >/dev/null 2>&1; then
  mkdir -m 700 "$WORK/runtime"
  out=$(XDG_RUNTIME_DIR="$WORK/runtime" systemd-analyze --user verify "$UNIT" 2>&1) || fail "systemd-analyze: $out"
  [ -z "$out" ] || fail "systemd-analyze warns: $out"
  echo "systemd-analyze --user verify: clean"
fi
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT" 2>/dev/null || sed -n 's/^Exec=//p' /etc/xdg/autostart/siphint.desktop)
[ "$exec_start" = "$DAEMON" ] || fail "unexpected ExecStart '$exec_start'"
# each launcher its own JVM options: the daemon's small heap and C1, the command's default heap and C2
grep -qx 'java-options=-Xmx128m' /opt/siphint/lib/app/siphint-daemon.cfg \
  || fail "the daemon launcher lacks the daemon's options: $(cat /opt/siphint/lib/app/siphint-daemon.cfg)"
grep -qx 'java-options=-XX:TieredStopAtLevel=1' /opt/siphint/lib/app/siphint-daemon.cfg \
  || fail "the daemon launcher would compile with C2"
grep -qx 'arguments=watch' /opt/siphint/lib/app/siphint-daemon.cfg || fail "the daemon launcher does not run watch"
! grep -q -e '-Xmx' -e 'TieredStopAtLevel' /opt/siphint/lib/app/siphint.cfg \
  || fail "the command launcher has the daemon's heap cap or C1 only: $(cat /opt/siphint/lib/app/siphint.cfg)"
grep -qx 'java-options=-XX:SharedArchiveFile=$APPDIR/siphint.jsa' /opt/siphint/lib/app/siphint.cfg \
  || fail "the command launcher does not map the class data sharing archive"
echo "launchers: siphint-daemon runs watch with the daemon's options, siphint has the command's"

step "the daemon as the unit starts it, for a user with a config"
home="$WORK/home"
mkdir -p "$home/.config/siphint"
log="$WORK/pbx.log"
: > "$log"
printf 'logs:\n  - path: %s\n    role: pbx\nnotifier: none\n' "$log" > "$home/.config/siphint/config.yaml"
# shellcheck disable=SC2086 # ExecStart is a command line, split as systemd splits it
# the user's own state and cache folders: a finding an earlier run showed must not be silenced here
HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_STATE_HOME="$home/.local/state" XDG_CACHE_HOME="$home/.cache" \
  $exec_start > "$WORK/daemon.out" 2> "$WORK/daemon.err" &
DAEMON_PID=$!
for _ in $(seq 1 120); do
  grep -q "watching" "$WORK/daemon.err" && break
  kill -0 "$DAEMON_PID" 2>/dev/null || fail "the daemon exited: $(cat "$WORK/daemon.err")"
  sleep 0.5
done
grep -q "watching 1 file" "$WORK/daemon.err" || fail "the daemon did not start watching: $(cat "$WORK/daemon.err")"
# the JVM maps an archive it accepted, and silently ignores one it rejects (e.g. made for another jar)
grep -q siphint.jsa "/proc/$DAEMON_PID/maps" || fail "the daemon does not use the class data sharing archive"
echo "the daemon maps /opt/siphint/lib/app/siphint.jsa"
cat sample-logs/asterisk/call-not-acceptable.log >> "$log"
for _ in $(seq 1 60); do
  grep -q 'sip-488' "$WORK/daemon.out" && break
  sleep 0.5
done
grep -q 'sip-488' "$WORK/daemon.out" || fail "the daemon reported nothing: $(cat "$WORK/daemon.out" "$WORK/daemon.err")"
echo "daemon reported sip-488 from the followed log"
sleep 10
echo "daemon idle RSS: $(awk '/VmRSS/ {printf "%d MB", $2/1024}' "/proc/$DAEMON_PID/status")"

step "the daemon without any config or log: explains and exits 2 (the unit does not restart it)"
rc=0
HOME="$WORK/empty" XDG_CONFIG_HOME="$WORK/empty/.config" XDG_DATA_HOME="$WORK/empty/.local/share" \
  XDG_STATE_HOME="$WORK/empty/.local/state" XDG_CACHE_HOME="$WORK/empty/.cache" \
  timeout 60 $exec_start > /dev/null 2> "$WORK/empty.err" || rc=$?
if [ ! -e /etc/siphint/config.yaml ] && ! ls /var/log/asterisk/full /var/log/freeswitch/freeswitch.log >/dev/null 2>&1; then
  [ "$rc" = 2 ] || fail "expected exit 2 with nothing to watch, got $rc: $(cat "$WORK/empty.err")"
  grep -q "no log at /var/log/asterisk/full" "$WORK/empty.err" || fail "missing locations not named: $(cat "$WORK/empty.err")"
  echo "exit 2, named the locations it looked at"
fi

step "dpkg -r stops the running daemon and removes what install put outside /opt"
dpkg_waiting -r "$PACKAGE"
for _ in $(seq 1 20); do
  kill -0 "$DAEMON_PID" 2>/dev/null || break
  sleep 0.5
done
if kill -0 "$DAEMON_PID" 2>/dev/null; then
  fail "the daemon still runs after dpkg -r"
fi
wait "$DAEMON_PID" 2>/dev/null || true
DAEMON_PID=""
for f in /usr/bin/siphint "$UNIT" /etc/systemd/user/default.target.wants/siphint.service \
    /etc/xdg/autostart/siphint.desktop /opt/siphint /usr/share/doc/siphint; do
  [ ! -e "$f" ] && [ ! -L "$f" ] || fail "$f is still there after dpkg -r"
done
echo "daemon stopped, files removed"

step "dpkg --purge leaves the machine as it was"
dpkg_waiting --purge "$PACKAGE"
snapshot > "$WORK/after.txt"
if ! diff -u "$WORK/before.txt" "$WORK/after.txt" > "$WORK/diff.txt"; then
  cat "$WORK/diff.txt" >&2
  fail "files differ after purge"
fi
echo "no file left behind"
echo "test-deb: all checks passed"
