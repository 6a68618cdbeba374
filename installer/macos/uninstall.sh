#!/bin/sh
# Removes siphint from a Mac (a .pkg has no uninstaller of its own):
#   sudo /Applications/siphint.app/Contents/app/uninstall.sh
# Stops the agent in every session, then removes the LaunchAgent, the application and the package
# receipt. A configuration an admin placed in /Library/Application Support/siphint stays.
set -e
[ "$(id -u)" = 0 ] || { echo "uninstall.sh: run it with sudo" >&2; exit 1; }

APP=$(cd "$(dirname "$0")/../.." && pwd)
DAEMON="$APP/Contents/MacOS/siphint-daemon"
COMMAND="$APP/Contents/MacOS/siphint"
PLIST=/Library/LaunchAgents/org.siphint.agent.plist

# The agent's jobs in each user's session, then any siphint still running (started by hand).
for uid in $(ps -axo uid=,comm= | awk -v l="$DAEMON" '$2 == l {print $1}' | sort -u); do
    launchctl bootout "gui/$uid/org.siphint.agent" >/dev/null 2>&1 || true
done
pids=$(ps -axo pid=,comm= | awk -v d="$DAEMON" -v c="$COMMAND" '$2 == d || $2 == c {print $1}')
if [ -n "$pids" ]; then
    kill $pids 2>/dev/null || true
    sleep 2
    pids=$(ps -axo pid=,comm= | awk -v d="$DAEMON" -v c="$COMMAND" '$2 == d || $2 == c {print $1}')
    [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
fi

rm -f "$PLIST"
for id in $(pkgutil --pkgs | grep -i '^org\.siphint'); do
    pkgutil --forget "$id" >/dev/null
done
case "$APP" in
    */siphint.app) rm -rf "$APP" ;;
esac
echo "siphint removed"
