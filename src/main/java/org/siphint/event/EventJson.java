package org.siphint.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.siphint.sip.Redactor;
import org.siphint.sip.SipParseException;
import org.siphint.sip.SipParser;

/**
 * Events as JSON objects, for the fleet's wire format (schema in {@code docs/fleet-schema.md}): a SIP
 * message travels as its redacted text and where it was logged, a media report and a notice as their
 * fields. What is read back is rebuilt by the same parser the dialects use, so a message at the
 * central worker answers every question a rule asks exactly as it did at the agent.
 *
 * <p>Reading back takes a {@link Relabel}: the sender's file names are prefixed with its host id
 * (two hosts' {@code /var/log/asterisk/full} are two logs) and its times are moved by its clock offset.
 */
public final class EventJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Text longer than this is cut: a message of a log is a few KB, a UDP datagram at most 64 KB. */
    static final int MAX_TEXT = 65_536;

    private EventJson() {
    }

    /** How an event from another host is filed here: under {@code host:file}, at its time corrected by {@code shiftMillis}. */
    public record Relabel(String host, long shiftMillis) {
        public static final Relabel NONE = new Relabel(null, 0);

        Origin origin(JsonNode n) {
            String file = text(n, "file");
            String named = host == null ? file : host + ":" + file;
            String role = text(n, "role");
            return new Origin(named, n.path("line").asLong(0), role == null ? null : Role.parse(role));
        }

        Instant time(JsonNode n) {
            return Instant.parse(text(n, "time")).minusMillis(shiftMillis);
        }

        long at(JsonNode n, Instant time) {
            JsonNode at = n.get("at");
            return at == null ? time.toEpochMilli() : at.asLong() - shiftMillis;
        }
    }

    // ------------------------------------------------------------------ SIP messages

    public static ObjectNode message(SipMessage m) {
        ObjectNode n = where(m);
        n.put("dir", m.getDirection() == null ? null : m.getDirection().name().toLowerCase(java.util.Locale.ROOT));
        n.put("transport", m.getTransport());
        n.put("peer", m.getPeer());
        if (m.isRetransmission()) {
            n.put("copy", true);
        }
        if (m.getLegOf() != null) {
            n.put("legOf", m.getLegOf());
        }
        n.put("text", cut(m.getText()));
        return n;
    }

    /** Rebuilds a message; null when its text is not a SIP message (the sender's was, so the record was tampered with). */
    public static SipMessage message(JsonNode n, Relabel relabel) {
        if (n == null || !n.isObject()) {
            return null;
        }
        String text = text(n, "text");
        if (text == null) {
            return null;
        }
        List<String> lines = new ArrayList<>(24);
        text.lines().forEach(lines::add);
        SipParser.Result parsed;
        try {
            parsed = SipParser.parse(lines, 0);
        } catch (SipParseException e) {
            return null;
        }
        Instant time = relabel.time(n);
        Direction direction = switch (String.valueOf(text(n, "dir"))) {
            case "sent" -> Direction.SENT;
            case "received" -> Direction.RECEIVED;
            default -> null;
        };
        SipMessage m = new SipMessage(time, relabel.origin(n), direction, text(n, "transport"), text(n, "peer"),
                parsed.message(), text);
        m.retime(relabel.at(n, time));
        if (n.path("copy").asBoolean(false)) {
            m.markRetransmission();
        }
        String legOf = text(n, "legOf");
        if (legOf != null && legOf.length() <= 1024) {
            m.linkLeg(legOf);
        }
        return m;
    }

    // ------------------------------------------------------------------ media reports

    public static ObjectNode media(MediaReport r) {
        ObjectNode n = where(r);
        n.put("callId", r.getCallId());
        n.put("media", r.getMedia());
        n.put("remote", r.getRemoteAddress());
        n.put("codec", r.getCodec());
        n.put("sent", r.getPacketsSent());
        n.put("received", r.getPacketsReceived());
        n.put("lost", r.getPacketsLost());
        number(n, "lossPercent", r.getLossPercent());
        number(n, "jitterMs", r.getJitterMs());
        number(n, "rttMs", r.getRttMs());
        number(n, "mos", r.getMos());
        n.put("rtpTimeout", r.isRtpTimeout());
        n.put("streamEnd", r.isStreamEnd());
        n.put("text", cut(Redactor.text(r.getEvidenceText())));
        return n;
    }

    public static MediaReport media(JsonNode n, Relabel relabel) {
        Instant time = relabel.time(n);
        MediaReport r = MediaReport.builder(time, relabel.origin(n))
                .callId(text(n, "callId"))
                .media(n.path("media").asText("audio"))
                .remoteAddress(text(n, "remote"))
                .codec(text(n, "codec"))
                .packetsSent(n.path("sent").asLong(-1))
                .packetsReceived(n.path("received").asLong(-1))
                .packetsLost(n.path("lost").asLong(-1))
                .lossPercent(n.path("lossPercent").asDouble(Double.NaN))
                .jitterMs(n.path("jitterMs").asDouble(Double.NaN))
                .rttMs(n.path("rttMs").asDouble(Double.NaN))
                .mos(n.path("mos").asDouble(Double.NaN))
                .rtpTimeout(n.path("rtpTimeout").asBoolean(false))
                .streamEnd(n.path("streamEnd").asBoolean(false))
                .text(n.path("text").asText(""))
                .build();
        r.retime(relabel.at(n, time));
        return r;
    }

    // ------------------------------------------------------------------ notices

    public static ObjectNode notice(LogNotice notice) {
        ObjectNode n = where(notice);
        n.put("kind", notice.getKind());
        n.put("callId", notice.getCallId());
        n.put("account", notice.getAccount());
        n.put("peer", notice.getPeer());
        ObjectNode details = n.putObject("details");
        notice.getDetails().forEach((k, v) -> details.put(k, Redactor.line(v)));
        n.put("text", cut(notice.getText()));
        return n;
    }

    public static LogNotice notice(JsonNode n, Relabel relabel) {
        Map<String, String> details = new LinkedHashMap<>();
        JsonNode d = n.path("details");
        if (d.isObject()) {
            d.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual() && details.size() < 32) {
                    details.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        Instant time = relabel.time(n);
        LogNotice notice = new LogNotice(time, relabel.origin(n), text(n, "kind"), text(n, "callId"),
                text(n, "account"), text(n, "peer"), details, n.path("text").asText(""));
        notice.retime(relabel.at(n, time));
        return notice;
    }

    // ------------------------------------------------------------------ shared

    private static ObjectNode where(LogEvent e) {
        ObjectNode n = F.objectNode();
        n.put("time", e.getTime().toString());
        if (e.getTimestamp() != e.getTime().toEpochMilli()) {
            n.put("at", e.getTimestamp());
        }
        n.put("file", e.getFile());
        n.put("line", e.getLine());
        n.put("role", e.getRole() == null ? null : e.getRole().id());
        return n;
    }

    private static void number(ObjectNode n, String name, double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            n.put(name, value);
        }
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    /** A text field, or null when absent or not text. */
    public static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || !v.isTextual() ? null : v.asText();
    }
}
