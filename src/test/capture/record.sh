#!/usr/bin/env bash
# Records the sample captures of sample-logs/capture/: real SIPp calls on the loopback of a network
# namespace of their own, captured by tcpdump. Needs root (namespaces), tcpdump, sipp, python3.
#
#   record.sh OUTDIR [SCENARIO...]     scenarios: call-ok call-488-tcp one-way-audio big-invite poor-quality
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:?usage: record.sh OUTDIR [SCENARIO...]}"
shift
SCENARIOS="${*:-call-ok call-488-tcp one-way-audio big-invite poor-quality}"
mkdir -p "$OUT"
for tool in tcpdump sipp python3 ip; do
    command -v "$tool" >/dev/null || { echo "record.sh: missing $tool" >&2; exit 2; }
done
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 "$HERE/rtp-pcap.py" "$WORK/audio.pcap" 5
python3 "$HERE/rtp-pcap.py" "$WORK/lossy.pcap" 5 lossy

record() { # record NAME TRANSPORT UAS PAD MTU INTERFACE (lo: Ethernet framing; any: Linux cooked v2) [CALLEE_AUDIO]
    local name="$1" transport="$2" uas="$3" pad="$4" mtu="$5" iface="$6" ns="siphint-cap-$$-$1"
    local callee_audio="${7:-$WORK/audio.pcap}"
    ip netns add "$ns" || return 1
    ip -n "$ns" link set lo mtu "$mtu" up
    ip netns exec "$ns" tcpdump -i "$iface" -U -s 0 -w "$OUT/$name.pcap" udp or tcp >"$WORK/$name.tcpdump" 2>&1 &
    local dump=$!
    sleep 1
    ip netns exec "$ns" timeout 40 sipp -sf "$HERE/$uas" -t "$transport" -i 127.0.0.1 -p 5070 -mp 16000 \
        -key audio "$callee_audio" -m 1 -nostdin -bg >/dev/null 2>&1
    sleep 0.5
    ip netns exec "$ns" timeout 40 sipp 127.0.0.1:5070 -sf "$HERE/uac.xml" -t "$transport" -i 127.0.0.1 -p 5060 \
        -mp 17000 -s 100 -key audio "$WORK/audio.pcap" -key pad "$pad" -m 1 -nostdin -timeout 30 \
        -timeout_error >"$WORK/$name.uac" 2>&1
    local rc=$?
    sleep 1
    kill "$dump" 2>/dev/null
    wait "$dump" 2>/dev/null
    # stop the callee (sipp -bg) by the PIDs left in the namespace
    for pid in $(ip netns pids "$ns"); do kill "$pid" 2>/dev/null; done
    sleep 0.2
    for pid in $(ip netns pids "$ns"); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$ns"
    echo "$name: sipp exit $rc, $(stat -c %s "$OUT/$name.pcap") bytes"
}

for s in $SCENARIOS; do
    case "$s" in
        call-ok) record call-ok u1 uas-talk.xml x 65536 lo ;;
        call-488-tcp) record call-488-tcp t1 uas-refuse.xml x 65536 any ;;
        one-way-audio) record one-way-audio u1 uas-silent.xml x 65536 lo ;;
        big-invite) record big-invite u1 uas-refuse.xml "$(head -c 3000 /dev/zero | tr '\0' 'p')" 1280 lo ;;
        poor-quality) record poor-quality u1 uas-talk.xml x 65536 lo "$WORK/lossy.pcap" ;;
        *) echo "record.sh: unknown scenario $s" >&2 ;;
    esac
done
# the same packets as pcapng (editcap, from wireshark-common), when it is at hand
if command -v editcap >/dev/null && [ -f "$OUT/big-invite.pcap" ]; then
    editcap -F pcapng "$OUT/big-invite.pcap" "$OUT/big-invite.pcapng"
fi
