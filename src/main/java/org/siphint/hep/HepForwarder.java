package org.siphint.hep;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;
import org.siphint.metrics.Metrics;
import org.siphint.net.NetTarget;
import org.siphint.net.QueuedSender;
import org.siphint.sip.HeaderValues;
import org.siphint.sip.Redactor;

/**
 * Sends the SIP messages siphint reads from logs to a HEP v3 collector (Homer, or any HEP
 * receiver), so a softphone or PBX that can only write a log shows up beside captured traffic.
 *
 * <p>A log names the other party ({@link SipMessage#getPeer()}); this host's own address is learnt
 * per log from the top Via of a request it sent (a phone's {@code Via: SIP/2.0/UDP
 * 192.168.1.10:5060}). What a log does not tell is sent as the unspecified address (0.0.0.0 or ::)
 * with port 0, never looked up by name: text from a log is never a DNS query. Credentials are
 * redacted before the message leaves ({@link Redactor}), as everywhere else.
 *
 * <p>The agent name (chunk 0x0013) is {@code siphint;role=softphone} or {@code siphint;role=pbx}: a
 * siphint that receives the stream takes it from that view.
 *
 * <p>Messages that came over HEP or from a capture are not forwarded: they are on the wire already,
 * and sending HEP back to its source would loop. Sending never holds up the daemon: a bounded queue
 * and a thread of its own ({@link QueuedSender}); drops are counted.
 */
public final class HepForwarder implements Consumer<LogEvent>, AutoCloseable {

    public static final int DEFAULT_PORT = 9060;
    public static final int QUEUE = 8192;
    /** Kamailio's siptrace default; Homer groups what it receives by this id. */
    public static final int DEFAULT_CAPTURE_ID = 1;
    static final String NODE_PREFIX = "siphint;role=";
    /** Logs whose own address is remembered; past that the oldest is forgotten. */
    static final int MAX_LOGS = 4096;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Address(String host, int port) {
        boolean v6() {
            return host.indexOf(':') >= 0;
        }
    }

    private final QueuedSender<SipMessage> sender;
    private final Predicate<String> forwarded;
    private final Map<String, Address> localByLog = new ConcurrentHashMap<>();
    private final boolean waitForRoom;

    /**
     * @param target      the collector
     * @param captureId   the agent id sent with each packet (HEP chunk 0x000c)
     * @param authKey     the collector's authentication key (chunk 0x000e), or null
     * @param forwarded   which sources (an event's file) are forwarded
     * @param waitForRoom a replay waits (a bounded time) for room in the queue instead of dropping: it
     *                    reads faster than any collector takes packets
     * @param metrics     counts drops as {@code siphint_dropped_total{reason="hep-forward-queue-full"|"hep-forward-unsent"}}; may be null
     */
    public HepForwarder(NetTarget target, long captureId, String authKey, Predicate<String> forwarded,
                        boolean waitForRoom, Metrics metrics) {
        this.forwarded = forwarded;
        this.waitForRoom = waitForRoom;
        this.sender = new QueuedSender<>("HEP", target, QUEUE, () -> m -> encode(m, captureId, authKey),
                (out, packet) -> out.write(packet), // HEP over TCP: packets back to back, each carries its length
                metrics == null ? n -> { } : n -> metrics.dropped("hep-forward-queue-full", n),
                metrics == null ? n -> { } : n -> metrics.dropped("hep-forward-unsent", n));
    }

    /** Sources that are logs: not HEP ({@code hep:...}) and not one of the captures. */
    public static Predicate<String> logsOnly(java.util.Set<String> captures) {
        return file -> file != null && !file.startsWith("hep:") && !captures.contains(file);
    }

    @Override
    public void accept(LogEvent event) {
        if (!(event instanceof SipMessage m) || !forwarded.test(m.getFile())) {
            return;
        }
        learnLocal(m);
        if (waitForRoom) {
            sender.offerWaiting(m, Duration.ofSeconds(5));
        } else {
            sender.offer(m);
        }
    }

    /** This host's address, from the top Via of a request this log sent. */
    private void learnLocal(SipMessage m) {
        if (m.getDirection() != Direction.SENT || !m.isRequest() || localByLog.containsKey(m.getFile())) {
            return;
        }
        Address via = m.getViaSentBy().isEmpty() ? null : literal(m.getViaSentBy().get(0), 5060);
        if (via != null) {
            if (localByLog.size() >= MAX_LOGS) {
                localByLog.clear(); // relearnt from the next request each log sends
            }
            localByLog.put(m.getFile(), via);
        }
    }

    private byte[] encode(SipMessage m, long captureId, String authKey) {
        Address peer = literal(m.getPeer(), 0);
        Address local = localByLog.get(m.getFile());
        boolean v6 = peer != null ? peer.v6() : local != null && local.v6();
        Address unknown = new Address(v6 ? "::" : "0.0.0.0", 0);
        peer = peer == null || peer.v6() != v6 ? unknown : peer;
        local = local == null || local.v6() != v6 ? unknown : local;
        boolean sent = m.getDirection() == Direction.SENT;
        Address src = sent ? local : peer;
        Address dst = sent ? peer : local;
        String transport = m.getTransport() == null ? "UDP" : m.getTransport();
        int protocol = transport.equalsIgnoreCase("UDP") ? 17 : 6;
        long millis = m.getTime().toEpochMilli();
        long micros = m.getTime().getNano() / 1000 % 1_000_000;
        byte[] payload = Redactor.text(m.getText()).getBytes(StandardCharsets.UTF_8);
        return HepCodec.encode(new HepPacket(v6 ? 10 : 2, protocol, src.host(), dst.host(), src.port(), dst.port(),
                Math.floorDiv(millis, 1000), micros, HepPacket.TYPE_SIP, captureId, authKey, payload, null,
                nodeName(m.getRole())));
    }

    /**
     * The agent name (HEP chunk 0x0013) says whose log the messages come from, so a siphint that
     * receives them tells them from the same view: a phone's, or a PBX's.
     */
    public static String nodeName(Role role) {
        return NODE_PREFIX + (role == Role.PBX ? "pbx" : "softphone");
    }

    /** The role a siphint forwarder named in its agent name, or null for any other agent. */
    public static Role roleOfNode(String node) {
        if (node == null || !node.startsWith(NODE_PREFIX)) {
            return null;
        }
        return switch (node.substring(NODE_PREFIX.length())) {
            case "pbx" -> Role.PBX;
            case "softphone" -> Role.SOFTPHONE;
            default -> null;
        };
    }

    /** {@code host:port}, {@code [v6]:port} or a bare address, when the host is an IP literal; else null. */
    static Address literal(String hostPort, int defaultPort) {
        String h = hostPort == null ? null : hostPort.strip();
        String host = HeaderValues.hostOf(h);
        if (host == null || host.length() > 45 || !(IPV4.matcher(host).matches() || IPV6.matcher(host).matches())) {
            return null;
        }
        // what follows the host: ":port", or nothing (a bare address, or "[v6]" without its bracket closed: refused)
        int hostEnd = h.startsWith("[") ? h.indexOf(']') + 1 : host.length();
        String rest = hostEnd <= 0 ? "-" : h.substring(hostEnd);
        if (rest.isEmpty()) {
            return new Address(host, defaultPort);
        }
        try {
            int port = rest.startsWith(":") ? Integer.parseInt(rest.substring(1)) : -1;
            return port >= 0 && port <= 65535 ? new Address(host, port) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Packets sent to the collector. */
    public long sent() {
        return sender.sent();
    }

    /** Messages dropped: the queue was full, or the collector could not be reached. */
    public long dropped() {
        return sender.dropped();
    }

    public NetTarget target() {
        return sender.target();
    }

    /** Sends what is queued for a bounded time, then stops. */
    @Override
    public void close() {
        sender.close();
    }
}
