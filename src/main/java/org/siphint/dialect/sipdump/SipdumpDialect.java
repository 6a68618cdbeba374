package org.siphint.dialect.sipdump;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.siphint.dialect.Dialect;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.LogClock;
import org.siphint.dialect.LogContext;
import org.siphint.dialect.LogText;
import org.siphint.dialect.PendingMessage;
import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.Role;

/**
 * Text files of the {@code sipdump} module of Kamailio (and its OpenSIPS port): every SIP message
 * the proxy received or sent, whole, with a key/value head
 * ({@code src/modules/sipdump/sipdump_write.c}):
 * <pre>
 * ====================
 * tag: rcv
 * time: 1709546921.123456
 * proto: udp ipv4
 * srcip: 192.0.2.10
 * srcport: 5060
 * dstip: 198.51.100.1
 * dstport: 5060
 * ~~~~~~~~~~~~~~~~~~~~
 * INVITE sip:... SIP/2.0
 * ...
 * ||||||||||||||||||||
 * </pre>
 * {@code rcv} blocks come from {@code srcip:srcport}, {@code snd} blocks go to {@code dstip:dstport};
 * {@code time} is the epoch time with microseconds, so the date is always known.
 */
public final class SipdumpDialect implements Dialect {

    static final String BLOCK_START = "====================";
    static final String HEAD_END = "~~~~~~~~~~~~~~~~~~~~";
    static final String BLOCK_END = "||||||||||||||||||||";

    @Override
    public String id() {
        return "sipdump";
    }

    @Override
    public String description() {
        return "Kamailio/OpenSIPS sipdump module text files";
    }

    @Override
    public Role defaultRole() {
        return Role.PBX;
    }

    @Override
    public int score(String line) {
        String l = LogText.clean(line);
        switch (l) {
            case BLOCK_START, HEAD_END:
                return 2;
            case BLOCK_END:
                return 3;
            case "tag: rcv", "tag: snd":
                return 4;
            default:
                return l.startsWith("proto: ") && (l.endsWith(" ipv4") || l.endsWith(" ipv6")) ? 2 : 0;
        }
    }

    @Override
    public DialectReader open(LogContext context) {
        return new Reader(context);
    }

    private static final class Reader implements DialectReader {
        private static final int MAX_HEAD_FIELDS = 32;

        private final LogContext context;
        private final LogClock clock;
        private final Map<String, String> head = new HashMap<>();
        private boolean inHead;
        private PendingMessage pending;
        private long messageLine;

        Reader(LogContext context) {
            this.context = context;
            this.clock = context.newClock();
        }

        @Override
        public void line(String raw, long number, Consumer<LogEvent> out) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (pending != null) {
                if (line.equals(BLOCK_END) || line.equals(BLOCK_START)) {
                    emit(out);
                    if (line.equals(BLOCK_START)) {
                        startHead();
                    }
                    return;
                }
                pending.add(line);
                return;
            }
            if (line.equals(BLOCK_START)) {
                startHead();
            } else if (inHead && line.equals(HEAD_END)) {
                inHead = false;
                pending = new PendingMessage(time(), number, direction(), transport(), peer());
                messageLine = number + 1;
            } else if (inHead) {
                int colon = line.indexOf(": ");
                if (colon > 0 && head.size() < MAX_HEAD_FIELDS) {
                    head.put(line.substring(0, colon), line.substring(colon + 2).trim());
                }
            }
        }

        private void startHead() {
            head.clear();
            inHead = true;
        }

        private Instant time() {
            String t = head.get("time");
            if (t != null) {
                double seconds = LogText.parseDouble(t);
                if (!Double.isNaN(seconds) && seconds > 0) {
                    long micros = Math.round(seconds * 1_000_000d);
                    return clock.at(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000));
                }
            }
            return clock.last();
        }

        /** {@code rcv} and {@code snd}; a script's own tag ({@code sipdump_send("x")}) is neither. */
        private Direction direction() {
            String tag = head.get("tag");
            return "rcv".equals(tag) ? Direction.RECEIVED : "snd".equals(tag) ? Direction.SENT : null;
        }

        private String transport() {
            String proto = head.get("proto");
            if (proto == null) {
                return null;
            }
            int space = proto.indexOf(' ');
            return space > 0 ? proto.substring(0, space) : proto;
        }

        private String peer() {
            boolean received = "rcv".equals(head.get("tag"));
            String ip = head.get(received ? "srcip" : "dstip");
            String port = head.get(received ? "srcport" : "dstport");
            if (ip == null) {
                return null;
            }
            String host = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
            return port == null ? host : host + ":" + port;
        }

        private void emit(Consumer<LogEvent> out) {
            PendingMessage message = pending;
            pending = null;
            message.emit(context, messageLine, out);
        }

        @Override
        public void flush(Consumer<LogEvent> out) {
            if (pending != null) {
                emit(out);
            }
        }
    }
}
