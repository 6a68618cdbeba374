#!/usr/bin/env bash
# Validates the Windows installer's definition without Windows: installer/windows/main.wxs must be
# well-formed, keep what an admin relies on (per-machine, the SIPHINTCONFIG property, the Run key,
# the daemons stopped at uninstall), and compile into an MSI with msitools' wixl, whose tables are
# then read back with msiinfo. jpackage builds the real MSI with WiX 3 on Windows (see
# .github/workflows/installers.yml); here its generated parts (the application's files, the
# dialogs) are replaced by stand-ins.
# Needs xmllint (libxml2-utils), wixl and msiinfo (wixl, msitools).
set -euo pipefail
cd "$(dirname "$0")/.."

SRC=installer/windows
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
xpath() { xmllint --xpath "$1" "$SRC/main.wxs" 2>/dev/null || true; }
expect() { # description, xpath count expression
  [ "$(xpath "$2")" = 1 ] || fail "main.wxs: $1"
}

echo "== well-formed"
xmllint --noout "$SRC/main.wxs" "$SRC/overrides.wxi"

echo "== what wixl cannot check, read from the source"
expect "SIPHINTCONFIG must be a secure property (it must reach the elevated install)" \
  "count(//*[local-name()='Property'][@Id='SIPHINTCONFIG'][@Secure='yes'])"
expect "the daemons must be stopped by a deferred action as LocalSystem at uninstall" \
  "count(//*[local-name()='CustomAction'][@Id='SiphintStopDaemons'][@Execute='deferred'][@Impersonate='no'][@Directory='TARGETDIR'][contains(@ExeCommand,'taskkill.exe')][contains(@ExeCommand,'/IM siphint-daemon.exe')])"
expect "the package must be per-machine when jpackage says so" \
  "count(//*[local-name()='Package'][@InstallScope='\$(var.JpInstallScope)'])"
grep -q -- '--win-per-user-install' installer/jpackage.xml && fail "jpackage.xml asks for a per-user MSI"
grep -qx 'arguments=watch' "$SRC/siphint-daemon.properties" || fail "the daemon launcher does not run watch"
grep -qx 'win-console=false' "$SRC/siphint-daemon.properties" || fail "the daemon launcher would open a console window"
grep -q 'siphint-daemon=' installer/jpackage.xml || fail "jpackage.xml does not add the siphint-daemon launcher"

echo "== the application folder jpackage packs: the jar's licence files beside it"
# jpackage.xml's input target, run as the MSI build runs it; its files are laid into the stand-in below
[ -f target/siphint.jar ] || mvn -B -q -ntp package -DskipTests
mvn -B -q -ntp antrun:run@installer -Dinstaller.type=input > "$WORK/input.log" 2>&1 \
  || { cat "$WORK/input.log" >&2; fail "jpackage.xml's input target failed"; }
INPUT=target/installer-work/input
for f in siphint.jar LICENSE NOTICE THIRD-PARTY.txt licenses/jackson-core/NOTICE; do
  [ -s "$INPUT/$f" ] || fail "the application folder lacks $f"
done

echo "== compile with wixl"
# wixl's preprocessor wants "ifdef var.X" where WiX 3 takes "ifdef X"; it builds no dialogs (JpUI).
for f in main.wxs overrides.wxi; do
  sed -E 's/<\?(ifn?def) ([A-Za-z])/<?\1 var.\2/; /<UIRef Id="JpUI"\/>/d' "$SRC/$f" > "$WORK/$f"
done
# Stand-in for jpackage's bundle.wxf: the install folder with the daemon's launcher, and the app folder
# with the files of the application folder (a stand-in for the jar, whose 20 MB would only slow this).
cp -r "$INPUT" "$WORK/app"
echo "stand-in" > "$WORK/app/siphint.jar"
n=0
app_dir() { # a folder under $WORK: a Directory element per folder, a Component per file
  local dir=$1 entry name
  for entry in "$WORK/$dir"/*; do
    name=$(basename "$entry")
    n=$((n + 1))
    if [ -d "$entry" ]; then
      echo "<Directory Id=\"d$n\" Name=\"$name\">"
      app_dir "$dir/$name"
      echo "</Directory>"
    else
      echo "<Component Id=\"c$n\" Guid=\"*\" Win64=\"yes\"><File Id=\"f$n\" Source=\"$dir/$name\" KeyPath=\"yes\"/></Component>"
    fi
  done
}
app_dir app > "$WORK/app.xml"
refs=$(grep -o 'Component Id="c[0-9]*"' "$WORK/app.xml" | sed 's/^Component/<ComponentRef/; s/$/\/>/' | tr -d '\n')
cat > "$WORK/bundle.wxf" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Fragment>
    <DirectoryRef Id="TARGETDIR">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLDIR" Name="siphint">
          <Component Id="LauncherFiles" Guid="*" Win64="yes">
            <File Id="DaemonExe" Source="siphint-daemon.exe" KeyPath="yes"/>
          </Component>
          <Directory Id="AppFolder" Name="app">
$(cat "$WORK/app.xml")
          </Directory>
        </Directory>
      </Directory>
    </DirectoryRef>
    <ComponentGroup Id="Files"><ComponentRef Id="LauncherFiles"/>$refs</ComponentGroup>
    <ComponentGroup Id="Shortcuts"/>
    <ComponentGroup Id="FileAssociations"/>
  </Fragment>
</Wix>
EOF
echo "stand-in" > "$WORK/siphint-daemon.exe"
(
  cd "$WORK"
  wixl -a x64 -D JpIsSystemWide=yes -D JpConfigDir=. -D JpAppName=siphint -D JpAppVersion=1.1.0 \
    -D JpAppVendor=siphint -D "JpAppDescription=siphint test" \
    -D JpProductCode=5EF135F5-D31C-4961-BC14-2A92A8D6A52F \
    -D JpProductUpgradeCode=5C0E6B0E-4B8F-4F0A-9D57-3A1C2A6F1D42 \
    -o siphint.msi main.wxs bundle.wxf
) > "$WORK/wixl.log" 2>&1 || { cat "$WORK/wixl.log" >&2; fail "wixl could not build the MSI"; }
# Known wixl gaps, checked in the source above instead: Package/@Platform, Property/@Secure,
# UpgradeVersion without Minimum, CustomAction/@Directory.
if grep -E 'ERROR|CRITICAL' "$WORK/wixl.log" | grep -v -E "VersionMin != NULL|custom_action_add: assertion 'Source != NULL'" | grep -q .; then
  cat "$WORK/wixl.log" >&2
  fail "wixl reported errors"
fi
[ -s "$WORK/siphint.msi" ] || fail "no MSI written"

echo "== read the MSI back"
table() { msiinfo export "$WORK/siphint.msi" "$1" | tail -n +4 | tr -d '\r'; }
row() { # table, tab-separated row expected verbatim
  table "$1" | grep -qxF "$2" || { table "$1" >&2; fail "no row '$2' in table $1"; }
}
TAB=$'\t'
row Property "ALLUSERS${TAB}1"
row Property "SIPHINTARGS${TAB}watch"
row Property "MSIRESTARTMANAGERCONTROL${TAB}Disable"
table Registry | grep -qF "${TAB}2${TAB}Software\\Microsoft\\Windows\\CurrentVersion\\Run${TAB}siphint${TAB}\"[INSTALLDIR]siphint-daemon.exe\" [SIPHINTARGS]${TAB}SiphintRunAtLogon" \
  || { table Registry >&2; fail "no HKLM Run value starting siphint-daemon.exe"; }
table Registry | grep -qF "${TAB}2${TAB}Software\\siphint${TAB}Config${TAB}[SIPHINTCONFIG]${TAB}" \
  || { table Registry >&2; fail "the configuration is not remembered"; }
table CustomAction | grep -qF "SiphintArgsWithConfig${TAB}" || fail "no action setting the daemon's --config"
table CustomAction | grep -F "SiphintArgsWithConfig${TAB}" | grep -qF "${TAB}SIPHINTARGS${TAB}watch --config \"[SIPHINTCONFIG]\"" \
  || { table CustomAction >&2; fail "SiphintArgsWithConfig does not pass --config [SIPHINTCONFIG]"; }
row AppSearch "SIPHINTCONFIG${TAB}SiphintRememberedConfig"
seq_of() { table InstallExecuteSequence | awk -F"$TAB" -v a="$1" '$1 == a {print $3}'; }
cond_of() { table InstallExecuteSequence | awk -F"$TAB" -v a="$1" '$1 == a {print $2}'; }
[ "$(cond_of SiphintArgsWithConfig)" = "SIPHINTCONFIG" ] || fail "SiphintArgsWithConfig must run only when SIPHINTCONFIG is set"
[ "$(seq_of SiphintArgsWithConfig)" -lt "$(seq_of WriteRegistryValues)" ] || fail "--config is set after the Run value is written"
[ "$(cond_of SiphintStopDaemons)" = 'REMOVE="ALL"' ] || fail "SiphintStopDaemons must run at uninstall only"
[ "$(seq_of SiphintStopDaemons)" -lt "$(seq_of RemoveFiles)" ] || fail "the daemons are stopped after their files are removed"
[ "$(seq_of SiphintStopDaemons)" -gt "$(seq_of InstallInitialize)" ] || fail "a deferred action must follow InstallInitialize"

# the licence files are installed in the app folder, beside the jar (FileName is "SHORT|long" or "long")
in_app_folder() {
  local comp
  for comp in $(table File | awk -F"$TAB" -v f="$1" '{ n = $3; sub(/^[^|]*\|/, "", n) } n == f {print $2}'); do
    table Component | awk -F"$TAB" -v c="$comp" '$1 == c {print $3}' | grep -qx AppFolder && return 0
  done
  return 1
}
for f in LICENSE NOTICE THIRD-PARTY.txt siphint.jar; do
  in_app_folder "$f" || { table File >&2; fail "the MSI does not install $f in the app folder"; }
done
folders=$(table Directory | awk -F"$TAB" '$1 ~ /^d[0-9]+$/' | wc -l)
[ "$folders" -gt 20 ] || fail "the MSI has $folders folders of library licence files"
echo "test-msi: all checks passed ($(du -h "$WORK/siphint.msi" | cut -f1) test MSI)"
