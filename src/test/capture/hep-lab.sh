#!/usr/bin/env bash
# One call through Kamailio on loopback, seen three ways: captured by tcpdump, mirrored by
# Kamailio's siptrace as HEP v3 to a receiver already listening at 127.0.0.1:HEP_PORT, and written
# by its sipdump module. SIPp calls through the proxy; the far end refuses the offer with 488.
#
#   hep-lab.sh OUTDIR HEP_PORT BASE_PORT     writes OUTDIR/call.pcap and OUTDIR/kamailio-sipdump.log
#
# Ports BASE_PORT (proxy), +2 (far end), +4 (caller). Every process is stopped by its PID; every
# wait is bounded.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:?usage: hep-lab.sh OUTDIR HEP_PORT BASE_PORT}"
HEP="${2:?HEP_PORT}"
BASE="${3:?BASE_PORT}"
K=$BASE; S=$((BASE + 2)); C=$((BASE + 4))
for tool in tcpdump sipp kamailio python3; do
    command -v "$tool" >/dev/null || { echo "hep-lab.sh: missing $tool" >&2; exit 2; }
done
rm -rf "$OUT/.kamailio" "$OUT/kamailio-sipdump.log" "$OUT/call.pcap" # nothing of an earlier run
mkdir -p "$OUT/.kamailio"
OUT="$(cd "$OUT" && pwd)" # Kamailio changes its working folder: absolute paths only
python3 "$HERE/rtp-pcap.py" "$OUT/.audio.pcap" 1 # the caller's RTP (SIPp loads it even when the call is refused)
PIDS=()
stop() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done; sleep 0.5;
         for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done; }
trap stop EXIT

tcpdump -i lo -U -s 0 -w "$OUT/call.pcap" "udp and (port $K or port $S or port $C) and not port $HEP" >"$OUT/.tcpdump.out" 2>&1 &
PIDS+=($!)
kamailio -f "$HERE/kamailio-hep.cfg" -DD -E -m 16 -M 4 -Y "$OUT/.kamailio" \
    -A "LISTEN=udp:127.0.0.1:$K" -A "FAREND=\"sip:127.0.0.1:$S\"" -A "HEPURI=\"sip:127.0.0.1:$HEP\"" \
    -A "DUMPDIR=\"$OUT/.kamailio\"" >"$OUT/kamailio.log" 2>&1 &
PIDS+=($!)
KPID=$!
sipp -sf "$HERE/uas-refuse.xml" -i 127.0.0.1 -p "$S" -m 1 -nostdin -timeout 20 >"$OUT/.uas.out" 2>&1 &
PIDS+=($!)
UAS=$!
for i in $(seq 1 50); do # wait (5 s at most) for the proxy to listen
    ss -uln 2>/dev/null | grep -q "127.0.0.1:$K " && break
    sleep 0.1
done
sleep 1 # tcpdump is writing
timeout 20 sipp "127.0.0.1:$K" -sf "$HERE/uac.xml" -i 127.0.0.1 -p "$C" -mp $((BASE + 6)) -s 100 \
    -key audio "$OUT/.audio.pcap" -key pad x -m 1 -nostdin -timeout 15 >"$OUT/.uac.out" 2>&1
for i in $(seq 1 50); do kill -0 "$UAS" 2>/dev/null || break; sleep 0.1; done
sleep 1
# Kamailio writes its sipdump from a timer process: stop it before reading the file
kill "$KPID" 2>/dev/null
for i in $(seq 1 50); do kill -0 "$KPID" 2>/dev/null || break; sleep 0.1; done
cat "$OUT"/.kamailio/kamailio-sipdump-*.data >"$OUT/kamailio-sipdump.log" 2>/dev/null
stop
trap - EXIT
echo "hep-lab: $(stat -c %s "$OUT/call.pcap") bytes captured, $(wc -l <"$OUT/kamailio-sipdump.log") sipdump lines"
