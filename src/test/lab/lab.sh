#!/usr/bin/env bash
# The lab: real SIP software (Kamailio, SIPp, baresip, linphonec) playing each situation siphint
# knows, on loopback or inside network namespaces the lab creates itself.
#
#   lab.sh list                      the scenarios, one per line: name, situation, logs that show it
#   lab.sh run OUTDIR [SCENARIO...]  runs scenarios (all by default); logs go to OUTDIR/SCENARIO/
#   lab.sh record                    runs every scenario into sample-logs/lab/ with expectations
#
# Each scenario has its own Kamailio (registrar and proxy with digest auth, sipdump of every
# message), its own far end (a SIPp scenario) and its own softphone, on ports of its own, so
# scenarios run in parallel (LAB_JOBS at a time). Every process is started in the background, its
# PID written down, and stopped by that PID; every wait is bounded.
set -uo pipefail

LAB="$(cd "$(dirname "$0")" && pwd)"
JOBS="${LAB_JOBS:-8}"
# A scenario that is not done after this long is stopped (the longest one needs about 40 s).
SCENARIO_LIMIT=90

# name | index (ports 20000 + 20 * index ...) | situation ("-" when healthy) | logs it is expected in
# (softphone, pbx or both; all: Kamailio's own error log too; info when the rules rightly report it
# as info only, so no log expects a pop-up) | what plays it
SCENARIOS="
register-ok|1|-|-|baresip registers with the right password (challenge, then 200)
register-wrong-password|2|sip-401|both|baresip registers with a wrong password: Kamailio challenges again
call-ok|3|-|-|baresip calls, SIPp answers and echoes RTP, baresip hangs up
call-wrong-password|4|sip-407|both|baresip calls without registering, with a wrong password: Kamailio's 407 loop
call-402|5|sip-402|both|SIPp answers 402 Payment Required
call-403|6|sip-403|both|SIPp answers 403 Forbidden
call-404|7|sip-404|both|SIPp answers 404 Not Found
call-408|8|sip-408|both|the far end reads the INVITE and never answers: Kamailio times out with 408
call-480|9|sip-480|info|SIPp rings, then answers 480 Temporarily Unavailable (once: the callee's choice, info)
call-482|10|sip-482|both|SIPp answers 482 Loop Detected
call-487|11|sip-487|both|SIPp rings, then answers 487 Request Terminated without any CANCEL
call-488|12|sip-488|both|SIPp answers 488 Not Acceptable Here
call-500|13|sip-500|info|SIPp answers 500 Server Internal Error (once: info)
call-502|14|sip-502|info|SIPp answers 502 Bad Gateway (once: info)
call-503|15|sip-503|info|SIPp answers 503 Service Unavailable; Kamailio passes 500 on to the caller (once: info)
call-603|16|sip-603|info|SIPp rings, then answers 603 Decline (once: the callee's choice, info)
no-ringback-trying|17|no-ringback|pbx|SIPp sends only 100 Trying; the caller gives up after 12 s
no-ringback-183|18|no-ringback|softphone|SIPp sends 183 with SDP and no media; the caller gives up after 12 s
incoming-cannot-answer|19|incoming-cannot-answer|both|SIPp calls baresip, which answers; the ACK never comes
no-incoming-calls|20|no-incoming-calls|pbx|baresip registers, then stops reading (SIGSTOP); a call to it times out
one-way-audio|21|one-way-audio|softphone|SIPp answers with an SDP port nobody listens on and sends no RTP
answer-sendonly|22|one-way-audio|both|SIPp answers the initial INVITE with a=sendonly and sends no RTP: the call is set up one way (a hold would be a re-INVITE)
call-quality|23|call-quality|softphone|baresip calls baresip through an htb rate limit between two namespaces: real loss and jitter
linphone-register-wrong-password|24|sip-401|both|linphonec registers with a wrong password
linphone-call-403|25|sip-403|both|linphonec calls, SIPp answers 403
linphone-call-ok|26|-|-|linphonec calls, SIPp answers and echoes RTP, linphonec hangs up
no-incoming-calls-nat|27|no-incoming-calls|pbx|baresip registers through a NAT router (namespaces, nftables) that forgets UDP mappings after 10 s; a call 35 s later never reaches it
call-415|28|sip-415|both|SIPp answers 415 Unsupported Media Type, accepting only ISUP bodies (a SIP-T gateway)
call-420|29|sip-420|both|SIPp answers 420 Bad Extension, Unsupported: timer
call-486|30|sip-486|info|SIPp rings, then answers 486 Busy Here (once: the callee's state, info)
call-505|31|sip-505|both|SIPp answers 505 Version Not Supported
call-513|32|sip-513|both|SIPp answers 513 Message Too Large
call-606|33|sip-488|both|SIPp answers 606 Not Acceptable (no codec acceptable anywhere)
register-423|34|sip-423|pbx|SIPp registers alice for 30 s; Kamailio wants 60 (423 with Min-Expires); SIPp does not ask again
register-423-retried|35|-|-|baresip registers for 30 s, gets 423, registers again for Min-Expires (60 s): 200
reinvite-481|36|sip-481|both|baresip calls, SIPp answers, baresip holds: SIPp answers the re-INVITE 481 (it lost the call)
reinvite-491|37|sip-491|info|baresip calls, SIPp answers, baresip holds: SIPp answers the re-INVITE 491 once (glare, info)
call-tcp-refused|38|transport-failure|all|Kamailio relays baresip's call over TCP to a far end where nothing listens: connection refused
call-name-unresolved|39|dns-failure|all|Kamailio relays baresip's call to a far end by a name that does not resolve (a namespace whose resolver answers nothing)
register-conflict|40|registration-conflict|pbx|two baresips register as alice every 10 s; Kamailio keeps one binding per account, so each REGISTER replaces the other's
call-udp-fragmented|41|sip-408|softphone|baresip offers every codec it has, with SRTP keys: its INVITE is larger than one packet, and the server side drops IP fragments
"

die() { echo "lab: $*" >&2; exit 2; }

need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || die "missing $tool (see .ci/run for the packages)"
    done
}

field() { # scenario field: field NAME INDEX(1..5)
    printf '%s\n' "$SCENARIOS" | awk -F'|' -v n="$1" -v f="$2" '$1 == n { print $f }'
}

names() { printf '%s\n' "$SCENARIOS" | awk -F'|' 'NF > 1 { print $1 }'; }

# --- process control: every process is written down in $DIR/.pids and stopped by PID -----------

spawn() { # spawn NAME CMD...: starts CMD in the background, stdout+stderr to $DIR/.NAME.out
    local name="$1"
    shift
    "$@" >"$DIR/.$name.out" 2>&1 </dev/null &
    echo "$! $name" >>"$DIR/.pids"
    eval "PID_${name//-/_}=$!"
}

wait_pid() { # wait_pid PID SECONDS: waits for a process to end, at most SECONDS
    local pid="$1" limit=$(($2 * 10)) i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt $limit ]; do
        sleep 0.1
        i=$((i + 1))
    done
    ! kill -0 "$pid" 2>/dev/null
}

stop_pid() { # stop_pid PID: TERM, then KILL after 5 s
    local pid="$1"
    kill -0 "$pid" 2>/dev/null || return 0
    kill -CONT "$pid" 2>/dev/null
    kill -TERM "$pid" 2>/dev/null
    wait_pid "$pid" 5 || kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

stop_all() {
    [ -f "$DIR/.pids" ] || return 0
    # the last started first: softphones and far ends before the proxy, so it logs their goodbyes
    tac "$DIR/.pids" | while read -r pid _; do stop_pid "$pid"; done
    rm -f "$DIR/.pids"
}

wait_port() { # wait_port PROTO PORT [NETNS]: until something listens on the UDP port, at most 5 s
    local i=0
    while [ $i -lt 50 ]; do
        if ${3:+ip netns exec "$3"} ss -Hlun "sport = :$2" 2>/dev/null | grep -q .; then
            return 0
        fi
        sleep 0.1
        i=$((i + 1))
    done
    echo "lab: nothing listens on udp port $2" >&2
    return 1
}

# --- the software -------------------------------------------------------------------------------

# Ports of scenario $IDX: Kamailio K, baresip B (its command port B+7, SIP over TLS B+1, RTP B+8..B+13), SIPp S (media
# S+2..S+5), linphonec L (RTP L+2), and DEAD, where nothing listens.
ports() {
    local base=$((20000 + 20 * IDX))
    K=$base; B=$((base + 2)); S=$((base + 4)); L=$((base + 16)); DEAD=$((base + 18))
    IP="${IP:-127.0.0.1}"
    FAR_IP="${FAR_IP:-127.0.0.1}"
}

# tcpdump records the scenario's packets (SIP and RTP) into capture.pcap: on loopback, the
# scenario's own port range; in a namespace, everything on all its interfaces (the proxy's side).
start_capture() {
    command -v tcpdump >/dev/null 2>&1 || return 0
    local filter="udp and portrange $((20000 + 20 * IDX))-$((20019 + 20 * IDX))" dev=lo
    [ -z "$NETNS" ] || { filter=udp; dev=any; }
    [ -z "${LAB_HEP_PORT:-}" ] || filter="$filter and not port $LAB_HEP_PORT" # Kamailio's HEP leaves from its SIP port
    spawn tcpdump ${NETNS:+ip netns exec "$NETNS"} tcpdump -i "$dev" -U -s 0 -n -w "$DIR/capture.pcap" "$filter"
    local i=0 # it captures once it says so (5 s at most)
    until grep -q "listening on" "$DIR/.tcpdump.out" 2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
}

# With LAB_HEP_PORT set, Kamailio mirrors every message as HEP v3 to 127.0.0.1:LAB_HEP_PORT, capture
# agent id 1000 + the scenario's index; not from a namespace, whose loopback is its own.
start_kamailio() {
    mkdir -p "$DIR/.kamailio" "$PRIVATE/db"
    cp "$LAB"/kamailio/db/* "$PRIVATE/db/"
    start_capture
    local hep=()
    if [ -n "${LAB_HEP_PORT:-}" ] && [ -z "$NETNS" ]; then
        hep=(-A "HEPURI=\"sip:127.0.0.1:$LAB_HEP_PORT\"" -A "HEPID=$((1000 + IDX))")
        echo "$((1000 + IDX))" >"$DIR/.hep-id"
    fi
    spawn kamailio ${NETNS:+ip netns exec "$NETNS"} kamailio -f "$LAB/kamailio/kamailio.cfg" -DD -E \
        -m 16 -M 4 -Y "$DIR/.kamailio" \
        -A "LISTEN=udp:$IP:$K" -A "FAREND=\"sip:$FAR_IP:$S${FAR_PARAMS:-}\"" \
        -A "DBURL=\"text://$PRIVATE/db\"" -A "DUMPDIR=\"$DIR/.kamailio\"" "${hep[@]}" ${KAMAILIO_DEFINES:-}
    wait_port udp "$K" "$NETNS"
}

# Kamailio writes its sipdump from a timer process: stop it, then keep the file under a fixed name.
collect_kamailio() {
    # tcpdump writes what the kernel hands it a moment later: a scenario that ends within a second of
    # its last packet (register-423) would otherwise leave an empty capture
    [ -z "${PID_tcpdump:-}" ] || sleep 1
    stop_pid "$PID_kamailio"
    cat "$DIR"/.kamailio/kamailio-sipdump-*.data >"$DIR/kamailio-sipdump.log" 2>/dev/null
    mv "$DIR/.kamailio.out" "$DIR/kamailio.log"
}

start_sipp() { # start_sipp SCENARIO.xml [ARGS...]: the far end as a UAS (one call)
    local sf="$LAB/sipp/$1"
    shift
    if [ -n "${CODE:-}" ]; then
        local headers=(-e "/@HEADERS@/d")
        [ -z "${HEADERS:-}" ] || headers=(-e "s|@HEADERS@|$HEADERS|")
        sed -e "s|@CODE@|$CODE|" -e "s|@REASON@|$(code_reason "$CODE")|" "${headers[@]}" "$sf" >"$DIR/.far-end.xml"
        sf="$DIR/.far-end.xml"
    fi
    spawn sipp ${FAR_NETNS:+ip netns exec "$FAR_NETNS"} sipp -sf "$sf" -i "$FAR_IP" -p "$S" \
        -mi "$FAR_IP" -mp $((S + 2)) -m 1 -timeout 80s -nostdin "$@"
    wait_port udp "$S" "$FAR_NETNS"
}

# baresip's config folder for account USER with PASSWORD (ACCOUNT_PARAMS adds account options;
# BARESIP_AT=far makes the callee of call-quality: its own folder, SIPp's address and ports).
baresip_config() {
    local conf="$DIR/.baresip${BARESIP_AT:+-$BARESIP_AT}" ip="${PHONE_IP:-$IP}" sip="$B" rtp="$((B + 8))-$((B + 13))"
    [ -z "${BARESIP_AT:-}" ] || { ip="$FAR_IP"; sip="$S"; rtp="$((S + 2))-$((S + 3))"; }
    mkdir -p "$conf"
    cat >"$conf/config" <<EOF
poll_method		epoll
sip_listen		$ip:$sip
call_local_timeout	120
call_max_calls		4
audio_player		alsa,null
audio_source		ausine,440
audio_alert		alsa,null
ausrc_srate		48000
ausrc_channels		2
audio_channels		1
rtp_ports		$rtp
rtp_timeout		10
rtp_stats		yes
module_path		/usr/lib/baresip/modules
module			g711.so
module			ausine.so
module			alsa.so
module_app		account.so
module_app		menu.so
module_app		debug_cmd.so
module_app		rtcpsummary.so
module			cons.so
cons_listen		$ip:$((sip + 7))
EOF
    local extra
    for extra in ${BARESIP_MODULES:-}; do printf 'module\t\t\t%s\n' "$extra" >>"$conf/config"; done
    echo "<sip:$1@$IP:$K>;auth_pass=$2${ACCOUNT_PARAMS:-}" >"$conf/accounts"
}

# baresip with its SIP trace on (-s); commands reach it as UDP datagrams on its console port
# (the cons module), so its output holds no typed-in echo.
run_baresip() {
    local ns="${PHONE_NETNS:-$NETNS}"
    spawn baresip ${ns:+ip netns exec "$ns"} baresip -f "$DIR/.baresip" -s
    wait_port udp $((B + 7)) "$ns"
}

baresip_cmd() { # baresip_cmd COMMAND
    local ns="${PHONE_NETNS:-$NETNS}"
    ${ns:+ip netns exec "$ns"} bash -c 'printf "%s\n" "$1" >"/dev/udp/$2/$3"' _ "$1" "${PHONE_IP:-$IP}" $((B + 7))
}

# baresip_dial URI: /dial, and once more if baresip has sent no INVITE 5 s later (on a loaded
# machine the first datagram can come before baresip reads its console: the call never starts)
baresip_dial() {
    baresip_cmd "/dial $1"
    local i=0
    until grep -q "^INVITE $1" "$DIR/.baresip.out" 2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
    grep -q "^INVITE $1" "$DIR/.baresip.out" 2>/dev/null || baresip_cmd "/dial $1"
}

finish_baresip() { # finish_baresip SECONDS: asks baresip to quit, waits for it, keeps its output
    kill -0 "$PID_baresip" 2>/dev/null && baresip_cmd /quit
    wait_pid "$PID_baresip" "$1" || echo "lab: $NAME: baresip did not quit in $1 s" >&2
    stop_pid "$PID_baresip"
    mv "$DIR/.baresip.out" "$DIR/baresip.log"
}

linphone_config() { # linphone_config USER PASSWORD
    local home="$PRIVATE/linphone"
    mkdir -p "$home/.local/share/linphone"
    cat >"$home/linphonerc" <<EOF
[sip]
sip_port=$L
sip_tcp_port=0
sip_tls_port=0
bind_address=$IP
default_proxy=0
[rtp]
audio_rtp_port=$((L + 2))
[sound]
echocancellation=0
[proxy_0]
reg_proxy=<sip:$IP:$K>
reg_identity=sip:$1@$IP:$K
reg_expires=60
reg_sendregister=1
[auth_info_0]
username=$1
passwd=$2
realm=siplab
EOF
}

# linphonec reads commands from its stdin: a FIFO, fed by a bounded script of timed commands
# ("sleep N" lines wait); its log goes to linphone.log (-d 6: messages and statistics).
run_linphone() { # run_linphone SCRIPT_LINES...
    local home="$PRIVATE/linphone"
    printf '%s\n' "$@" >"$home/commands"
    mkfifo "$home/stdin"
    HOME="$home" linphonec -c "$home/linphonerc" -d 6 -l "$DIR/linphone.log" <"$home/stdin" >"$DIR/.linphonec.out" 2>&1 &
    echo "$! linphonec" >>"$DIR/.pids"
    PID_linphonec=$!
    spawn linphone-feeder bash -c 'while IFS= read -r c; do case "$c" in sleep\ *) sleep "${c#sleep }";; *) echo "$c";; esac; done <"$1" >"$2"' \
        _ "$home/commands" "$home/stdin"
}

finish_linphone() { # finish_linphone SECONDS
    wait_pid "$PID_linphonec" "$1" || echo "lab: $NAME: linphonec did not quit in $1 s" >&2
    stop_pid "$PID_linphonec"
    stop_pid "$PID_linphone_feeder"
    rm -f "$DIR/.linphonec.out" "$DIR/.linphone-feeder.out"
}

finish_sipp() { # finish_sipp SECONDS
    wait_pid "$PID_sipp" "$1" || true
    stop_pid "$PID_sipp"
    mv "$DIR/.sipp.out" "$DIR/.sipp-screen.txt" 2>/dev/null
}

# --- network namespaces (call-quality, no-incoming-calls-nat, call-name-unresolved, call-udp-fragmented) ---

netns_new() { # netns_new NAME...: namespaces with their loopback up, listed in NETNS_CREATED for netns_down
    local ns
    for ns in "$@"; do
        ip netns add "$ns" 2>/dev/null || return 1
        NETNS_CREATED="${NETNS_CREATED:+$NETNS_CREATED }$ns"
        ip -n "$ns" link set lo up || return 1
    done
}

veth() { # veth NS_A DEV_A ADDR_A NS_B DEV_B ADDR_B: a veth pair from one namespace to another (or itself), /30, up
    ip -n "$1" link add "$2" type veth peer name "$5" netns "$4" &&
        ip -n "$1" addr add "$3/30" dev "$2" && ip -n "$4" addr add "$6/30" dev "$5" &&
        ip -n "$1" link set "$2" up && ip -n "$4" link set "$5" up
}

netns_up() { # two namespaces joined by a veth pair; an htb rate limit on RTP both ways
    local near="slab-near-$$" far="slab-far-$$"
    netns_new "$near" "$far" && veth "$near" slab0 10.231.0.1 "$far" slab1 10.231.0.2 || return 1
    # PCMU at 50 packets/s is about 86 kbit/s on the wire: a 70 kbit/s class with a short queue
    # drops about a fifth of it and delays the rest unevenly (loss and jitter); SIP is not limited.
    # the RTP between them is what goes to or comes from SIPp's media port
    local ns dev match
    for triple in "$near slab0 dport" "$far slab1 sport"; do
        read -r ns dev match <<<"$triple"
        ip netns exec "$ns" tc qdisc add dev "$dev" root handle 1: htb default 1 &&
            ip netns exec "$ns" tc class add dev "$dev" parent 1: classid 1:1 htb rate 100mbit 2>/dev/null &&
            ip netns exec "$ns" tc class add dev "$dev" parent 1: classid 1:2 htb rate 70kbit ceil 70kbit burst 1600 2>/dev/null &&
            ip netns exec "$ns" tc qdisc add dev "$dev" parent 1:2 handle 20: pfifo limit 3 &&
            ip netns exec "$ns" tc filter add dev "$dev" parent 1: protocol ip prio 1 u32 \
                match ip protocol 17 0xff match ip "$match" $((S + 2)) 0xffff flowid 1:2 || return 1
    done
    NETNS="$near"
    FAR_NETNS="$far"
    IP=10.231.0.1
    FAR_IP=10.231.0.2
}

# The no-incoming-calls-nat scenario: the phone in a namespace of its own behind a router namespace
# that masquerades (nftables) and keeps a UDP mapping 10 s without traffic (conntrack's timeout is
# per namespace); Kamailio and SIPp in a third namespace outside.
nat_up() {
    local phone="slab-phone-$$" router="slab-nat-$$" server="slab-srv-$$"
    netns_new "$phone" "$router" "$server" &&
        veth "$phone" snat0 10.232.0.2 "$router" snat1 10.232.0.1 &&
        veth "$router" snat2 10.233.0.1 "$server" snat3 10.233.0.2 &&
        ip -n "$phone" route add default via 10.232.0.1 &&
        ip netns exec "$router" sysctl -qw net.ipv4.ip_forward=1 || return 1
    printf '%s\n' 'table ip slabnat {' '  chain post {' '    type nat hook postrouting priority 100;' \
        '    oifname "snat2" masquerade' '  }' '}' | ip netns exec "$router" nft -f - || return 1
    ip netns exec "$router" sysctl -qw net.netfilter.nf_conntrack_udp_timeout=10 \
        net.netfilter.nf_conntrack_udp_timeout_stream=10 || return 1
    PHONE_NETNS="$phone"
    PHONE_IP=10.232.0.2
    NETNS="$server"
    FAR_NETNS="$server"
    IP=10.233.0.2
    FAR_IP=10.233.0.2
}

# The call-name-unresolved scenario: everything in one namespace of its own, whose resolver
# (iproute2 mounts /etc/netns/NAME/resolv.conf over /etc/resolv.conf for `ip netns exec`) is its
# own loopback, where nothing answers: every DNS lookup fails at once and none leaves the machine.
dns_up() {
    local ns="slab-dns-$$"
    grep -Eq '^hosts:[[:space:]]+files[[:space:]]+dns[[:space:]]*$' /etc/nsswitch.conf || return 1
    # baresip wants an address besides loopback: a veth pair with both ends inside, no route out
    netns_new "$ns" && veth "$ns" slabd0 10.234.0.1 "$ns" slabd1 10.234.0.2 || return 1
    mkdir -p "/etc/netns/$ns" && printf 'nameserver 127.0.0.1\n' >"/etc/netns/$ns/resolv.conf" || return 1
    NETNS="$ns"
    IP=10.234.0.1
}

# The call-udp-fragmented scenario: the phone in a namespace of its own, Kamailio in another,
# joined by a veth pair; the server side drops every IP fragment before the kernel reassembles it
# (nftables, prerouting ahead of conntrack's defragmentation), as a router or firewall that drops
# fragments does. Messages that fit in one packet pass.
frag_up() {
    local phone="slab-fph-$$" server="slab-fsv-$$"
    netns_new "$phone" "$server" && veth "$phone" sfrag0 10.235.0.2 "$server" sfrag1 10.235.0.1 || return 1
    printf '%s\n' 'table ip slabfrag {' '  chain pre {' '    type filter hook prerouting priority -500;' \
        '    ip frag-off & 0x3fff != 0 drop' '  }' '}' | ip netns exec "$server" nft -f - || return 1
    PHONE_NETNS="$phone"
    PHONE_IP=10.235.0.2
    NETNS="$server"
    FAR_NETNS="$server"
    IP=10.235.0.1
    FAR_IP=10.235.0.1
}

netns_down() {
    for ns in ${NETNS_CREATED:-}; do
        ip netns del "$ns" 2>/dev/null
        case "$ns" in slab-dns-*) rm -rf "/etc/netns/$ns"; rmdir /etc/netns 2>/dev/null ;; esac
    done
}

# --- the scenarios ------------------------------------------------------------------------------

code_reason() {
    case "$1" in
        402) echo "Payment Required" ;; 403) echo "Forbidden" ;; 404) echo "Not Found" ;;
        480) echo "Temporarily Unavailable" ;; 482) echo "Loop Detected" ;;
        487) echo "Request Terminated" ;; 488) echo "Not Acceptable Here" ;;
        500) echo "Server Internal Error" ;; 502) echo "Bad Gateway" ;;
        503) echo "Service Unavailable" ;; 603) echo "Decline" ;;
        415) echo "Unsupported Media Type" ;; 420) echo "Bad Extension" ;;
        481) echo "Call/Transaction Does Not Exist" ;; 486) echo "Busy Here" ;;
        491) echo "Request Pending" ;; 505) echo "Version Not Supported" ;;
        513) echo "Message Too Large" ;; 606) echo "Not Acceptable" ;;
    esac
}

# baresip registers, calls the far end, and hangs up (or gives up) after SECONDS.
call_and_hang_up() { # call_and_hang_up SECONDS
    run_baresip
    sleep 1
    baresip_dial "sip:100@$IP:$K"
    sleep "$1"
    baresip_cmd /hangup
    sleep 1
    finish_baresip 40
}

start_caller() { # SIPp calls alice through the proxy (and echoes her RTP, so her audio is not one-way)
    spawn sipp ${FAR_NETNS:+ip netns exec "$FAR_NETNS"} sipp -sf "$LAB/sipp/uac-call.xml" -i "$FAR_IP" -p "$S" \
        -mi "$FAR_IP" -mp $((S + 2)) -rtp_echo -s alice -m 1 -timeout 60s -nostdin "$IP:$K"
}

scenario() { # runs scenario $NAME in $DIR
    ports
    case "$NAME" in
        register-ok | register-wrong-password)
            start_kamailio
            baresip_config alice "$([ "$NAME" = register-ok ] && echo alice-secret || echo wrong-secret)"
            run_baresip
            sleep 2
            finish_baresip 10
            ;;
        call-ok)
            start_kamailio
            start_sipp uas-answer.xml -rtp_echo -key rtp_port $((S + 2)) -key direction sendrecv
            baresip_config alice alice-secret
            call_and_hang_up 5
            finish_sipp 5
            ;;
        call-wrong-password)
            start_kamailio
            CODE=403 start_sipp uas-reply.xml -key ring 0
            ACCOUNT_PARAMS=";regint=0" baresip_config alice wrong-secret
            call_and_hang_up 3
            finish_sipp 1
            ;;
        call-408)
            start_kamailio
            start_sipp uas-blackhole.xml
            baresip_config alice alice-secret
            call_and_hang_up 33
            finish_sipp 1
            ;;
        call-4* | call-5* | call-6*)
            local ring=0 headers=""
            case "$NAME" in call-480 | call-486 | call-487 | call-603) ring=1 ;; esac
            case "$NAME" in
                call-415) headers="Accept: multipart/mixed, application/isup" ;;
                call-420) headers="Unsupported: timer" ;;
            esac
            start_kamailio
            CODE="${NAME#call-}" HEADERS="$headers" start_sipp uas-reply.xml -key ring "$ring"
            baresip_config alice alice-secret
            call_and_hang_up $((2 + 2 * ring))
            finish_sipp 2
            ;;
        register-423)
            KAMAILIO_DEFINES="-A WITH_MIN_EXPIRES" start_kamailio
            # a phone that registers for less than the registrar's minimum and does not heed Min-Expires
            spawn sipp sipp -sf "$LAB/sipp/uac-register.xml" -i "$IP" -p "$S" -s alice \
                -au alice -ap alice-secret -m 1 -timeout 20s -nostdin "$IP:$K"
            finish_sipp 15
            ;;
        register-423-retried)
            KAMAILIO_DEFINES="-A WITH_MIN_EXPIRES" start_kamailio
            ACCOUNT_PARAMS=";regint=30" baresip_config alice alice-secret
            run_baresip
            sleep 2
            finish_baresip 10
            ;;
        reinvite-481 | reinvite-491)
            start_kamailio
            CODE="${NAME#reinvite-}" start_sipp uas-reinvite.xml -rtp_echo
            baresip_config alice alice-secret
            run_baresip
            sleep 1
            baresip_dial "sip:100@$IP:$K"
            sleep 2
            baresip_cmd /hold
            sleep 2
            baresip_cmd /hangup
            sleep 1
            finish_baresip 20
            finish_sipp 5
            ;;
        call-udp-fragmented)
            if ! frag_up; then
                netns_down
                echo "lab: $NAME skipped: cannot create network namespaces with an nftables filter (needs root, CAP_NET_ADMIN and nftables)" >&2
                return 3
            fi
            start_kamailio
            start_sipp uas-answer.xml -rtp_echo -key rtp_port $((S + 2)) -key direction sendrecv
            # every codec module baresip has, and SDES keys: an offer of about 2 KB
            BARESIP_MODULES="g722.so g726.so gsm.so l16.so opus.so amr.so codec2.so mpa.so aptx.so srtp.so" \
                ACCOUNT_PARAMS=";mediaenc=srtp" baresip_config alice alice-secret
            # the REGISTER fits in a packet and is answered; the INVITE's fragments never arrive:
            # baresip sends it 7 times over 32 s, then gives up
            call_and_hang_up 34
            finish_sipp 1
            ;;
        register-conflict)
            KAMAILIO_DEFINES="-A SINGLE_CONTACT" start_kamailio
            # the second device: baresip in SIPp's place (its own folder and ports), the same account
            ACCOUNT_PARAMS=";regint=10" BARESIP_AT=far baresip_config alice alice-secret
            ACCOUNT_PARAMS=";regint=10" baresip_config alice alice-secret
            run_baresip
            sleep 2
            spawn baresip-callee baresip -f "$DIR/.baresip-far" -s
            wait_port udp $((S + 7))
            # each refreshes about every 5 s: three turns each within 20 s
            sleep 20
            bash -c 'printf "/quit\n" >"/dev/udp/$1/$2"' _ "$FAR_IP" $((S + 7))
            wait_pid "$PID_baresip_callee" 10 || true
            stop_pid "$PID_baresip_callee"
            mv "$DIR/.baresip-callee.out" "$DIR/baresip-callee.log"
            finish_baresip 10
            ;;
        call-name-unresolved)
            if ! dns_up; then
                netns_down
                echo "lab: $NAME skipped: cannot create a network namespace with its own resolv.conf (needs root, CAP_NET_ADMIN, and hosts: files dns)" >&2
                return 3
            fi
            FAR_IP=trunk.siplab.invalid start_kamailio
            baresip_config alice alice-secret
            call_and_hang_up 3
            ;;
        call-tcp-refused)
            # nothing listens on the far end's port over TCP: Kamailio's connect is refused
            KAMAILIO_DEFINES="-A WITH_TCP -A TCPLISTEN=tcp:$IP:$K" FAR_PARAMS=";transport=tcp" start_kamailio
            baresip_config alice alice-secret
            call_and_hang_up 3
            ;;
        no-ringback-trying | no-ringback-183)
            start_kamailio
            # uas-early.xml takes 100 (only 100 Trying) or 183 (183 with SDP, no media); the caller
            # waits 12 s, past the 10 s of silence no-ringback looks for
            start_sipp uas-early.xml -key early "$([ "$NAME" = no-ringback-trying ] && echo 100 || echo 183)"
            baresip_config alice alice-secret
            call_and_hang_up 12
            finish_sipp 3
            ;;
        incoming-cannot-answer)
            start_kamailio
            ACCOUNT_PARAMS=";answermode=auto" baresip_config alice alice-secret
            run_baresip
            sleep 1
            start_caller
            # the callee repeats its 200 for 32 s (64 * T1), then gives up on the call
            wait_pid "$PID_sipp" 40
            finish_baresip 10
            finish_sipp 1
            ;;
        no-incoming-calls)
            start_kamailio
            ACCOUNT_PARAMS=";answermode=auto" baresip_config alice alice-secret
            run_baresip
            sleep 1
            # the phone stops reading its socket, as a suspended app or a NAT that dropped its
            # binding: the proxy still has the registration and sends the call to it
            kill -STOP "$PID_baresip"
            start_caller
            finish_sipp 40
            { kill -KILL "$PID_baresip" && wait "$PID_baresip"; } 2>/dev/null
            finish_baresip 2
            ;;
        no-incoming-calls-nat)
            if ! nat_up; then
                netns_down
                echo "lab: $NAME skipped: cannot create network namespaces with NAT (needs root, CAP_NET_ADMIN and nftables)" >&2
                return 3
            fi
            start_kamailio
            ACCOUNT_PARAMS=";answermode=auto;regint=3600" baresip_config alice alice-secret
            run_baresip
            # registered through the router; then quiet for longer than the router keeps the mapping
            # (10 s) and than siphint's quiet-seconds (30 s): the proxy's INVITE finds the way in closed
            sleep 35
            start_caller
            finish_sipp 40
            finish_baresip 5
            ;;
        one-way-audio | answer-sendonly)
            start_kamailio
            start_sipp uas-answer.xml -key rtp_port "$DEAD" \
                -key direction "$([ "$NAME" = answer-sendonly ] && echo sendonly || echo sendrecv)"
            baresip_config alice alice-secret
            # one-way audio: baresip's rtp_timeout (10 s) ends the call; the sendonly answer is hung up at 6 s
            call_and_hang_up "$([ "$NAME" = answer-sendonly ] && echo 6 || echo 13)"
            finish_sipp 3
            ;;
        call-quality)
            if ! netns_up; then
                netns_down
                echo "lab: $NAME skipped: cannot create network namespaces with an htb qdisc (needs root and CAP_NET_ADMIN)" >&2
                return 3
            fi
            start_kamailio
            # the callee is a second baresip in the far namespace: both ends send RTCP, so both
            # report loss and jitter
            ACCOUNT_PARAMS=";answermode=auto" BARESIP_AT=far baresip_config bob bob-secret
            spawn baresip-callee ip netns exec "$FAR_NETNS" baresip -f "$DIR/.baresip-far" -s
            wait_port udp $((S + 7)) "$FAR_NETNS"
            baresip_config alice alice-secret
            run_baresip
            sleep 1
            baresip_dial "sip:bob@$IP:$K"
            sleep 8
            baresip_cmd /hangup
            sleep 1
            finish_baresip 20
            ip netns exec "$FAR_NETNS" bash -c 'printf "/quit\n" >"/dev/udp/$1/$2"' _ "$FAR_IP" $((S + 7))
            wait_pid "$PID_baresip_callee" 10 || true
            stop_pid "$PID_baresip_callee"
            mv "$DIR/.baresip-callee.out" "$DIR/baresip-callee.log"
            ;;
        linphone-register-wrong-password)
            start_kamailio
            linphone_config bob wrong-secret
            run_linphone "sleep 3" quit
            finish_linphone 15
            ;;
        linphone-call-403)
            start_kamailio
            CODE=403 start_sipp uas-reply.xml -key ring 0
            linphone_config bob bob-secret
            run_linphone "sleep 1" "call sip:100@$IP:$K" "sleep 3" quit
            finish_linphone 15
            finish_sipp 2
            ;;
        linphone-call-ok)
            start_kamailio
            start_sipp uas-answer.xml -rtp_echo -key rtp_port $((S + 2)) -key direction sendrecv
            linphone_config bob bob-secret
            run_linphone "sleep 1" "call sip:100@$IP:$K" "sleep 6" terminate "sleep 2" quit
            finish_linphone 20
            finish_sipp 3
            ;;
        *)
            die "unknown scenario $NAME"
            ;;
    esac
    collect_kamailio
}

run_one() { # run_one OUTDIR NAME: one scenario in its own folder, cleaned up whatever happens
    NAME="$2"
    DIR="$1/$NAME"
    IDX="$(field "$NAME" 2)"
    [ -n "$IDX" ] || die "unknown scenario $NAME"
    NETNS="" FAR_NETNS="" NETNS_CREATED="" IP="" FAR_IP="" PHONE_NETNS="" PHONE_IP=""
    # Kamailio and linphonec log the paths of their database and config: keep those files in a
    # fixed place of the lab's own (not in the checkout), so recorded logs name no machine's paths
    PRIVATE="/run/siplab/$NAME"
    mkdir -p "$PRIVATE" 2>/dev/null || PRIVATE="$DIR/.private"
    rm -rf "$PRIVATE"
    mkdir -p "$PRIVATE"
    rm -rf "$DIR"
    mkdir -p "$DIR"
    trap 'stop_all; netns_down' EXIT
    local start=$SECONDS rc=0
    scenario || rc=$?
    stop_all
    netns_down
    trap - EXIT
    rm -rf "$DIR/.kamailio" "$DIR/.baresip" "$DIR/.baresip-far" "$DIR/.pids" "$PRIVATE"
    if [ $rc -eq 3 ]; then
        echo "skipped" >"$DIR/.status"
    else
        expect "$DIR" "$NAME"
        echo "done" >"$DIR/.status"
    fi
    echo "lab: $NAME $(cat "$DIR/.status") in $((SECONDS - start)) s"
}

run() { # run OUTDIR [NAME...]
    local out="$1"
    shift
    need kamailio sipp ss
    mkdir -p "$out"
    out="$(cd "$out" && pwd)"
    local list=("$@")
    [ ${#list[@]} -gt 0 ] || mapfile -t list < <(names)
    local name running=()
    for name in "${list[@]}"; do
        case "$name" in linphone-*) need linphonec ;; *) need baresip ;; esac
        ( run_one "$out" "$name" ) &
        running+=($!)
        while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 0.2; done
    done
    local pid
    for pid in "${running[@]}"; do
        # bounded: a scenario stops its own processes within its limit
        local i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt $((SCENARIO_LIMIT * 5)) ]; do sleep 0.2; i=$((i + 1)); done
        kill -0 "$pid" 2>/dev/null && { echo "lab: a scenario exceeded ${SCENARIO_LIMIT}s" >&2; kill -TERM "$pid"; }
        wait "$pid" 2>/dev/null
    done
    rmdir /run/siplab 2>/dev/null
    return 0
}

# The Call-ID a scenario is about: the first INVITE's in any of its logs (a call the phone never
# saw is still the call the finding is about), else the first REGISTER's.
scenario_call_id() { # scenario_call_id DIR
    local log method
    for method in INVITE REGISTER; do
        for log in "$1/baresip.log" "$1/linphone.log" "$1/kamailio-sipdump.log"; do
            [ -f "$log" ] && grep -q "^$method sip:" "$log" || continue
            awk -v m="$method" '
                $0 ~ "^" m " sip:" { inmsg = 1 }
                inmsg && /^(Call-ID|i):/ { sub(/\r$/, ""); sub(/^(Call-ID|i): */, ""); print; exit }' "$log"
            return
        done
    done
}

# Writes NAME.log.expected.json beside each log of a finished scenario: the situation and Call-ID
# a replay of that log alone must find (an empty list for a healthy scenario, for a situation the
# rules report as info only, for the Kamailio notices log, and for a log that does not show the
# situation).
expect() { # expect DIR NAME
    local dir="$1" name="$2" situation where call log
    situation="$(field "$name" 3)"
    where="$(field "$name" 4)"
    call="$(scenario_call_id "$dir")"
    for log in "$dir"/*.log; do
        local role=pbx
        case "$(basename "$log")" in baresip*.log | linphone.log) role=softphone ;; esac
        if [ "$situation" != - ] && [ "$where" = all ] && [ "$(basename "$log")" = kamailio.log ]; then
            # Kamailio's error lines name no call: the situation alone
            printf '[\n  {\n    "situation": "%s"\n  }\n]\n' "$situation" >"$log.expected.json"
        elif [ "$situation" != - ] && [ "$(basename "$log")" != kamailio.log ] &&
            { [ "$where" = both ] || [ "$where" = all ] || [ "$where" = "$role" ]; }; then
            printf '[\n  {\n    "situation": "%s",\n    "callId": "%s"\n  }\n]\n' "$situation" "$call" >"$log.expected.json"
        else
            printf '[]\n' >"$log.expected.json"
        fi
    done
    # the capture holds the wire between the phone, the proxy and the far end: every message both
    # logs show, and the RTP that the softphone's log counts
    if [ -f "$dir/capture.pcap" ]; then
        if [ "$situation" != - ] && [ "$where" != info ]; then
            printf '[\n  {\n    "situation": "%s",\n    "callId": "%s"\n  }\n]\n' "$situation" "$call" >"$dir/capture.pcap.expected.json"
        else
            printf '[]\n' >"$dir/capture.pcap.expected.json"
        fi
    fi
}

record() {
    local out
    out="$(cd "$LAB/../../.." && pwd)/sample-logs/lab"
    rm -rf "$out"
    run "$out"
    local name
    for name in $(names); do
        [ "$(cat "$out/$name/.status" 2>/dev/null)" = done ] || echo "lab: $name was not recorded" >&2
        rm -f "$out/$name"/.[a-z]*
    done
}

case "${1:-}" in
    list) printf '%s\n' "$SCENARIOS" | awk -F'|' 'NF > 1 { printf "%-34s %-24s %-9s %s\n", $1, $3, $4, $5 }' ;;
    run) shift; [ $# -ge 1 ] || die "usage: lab.sh run OUTDIR [SCENARIO...]"; run "$@" ;;
    record) record ;;
    *) die "usage: lab.sh list | run OUTDIR [SCENARIO...] | record" ;;
esac
