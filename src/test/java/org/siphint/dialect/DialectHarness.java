package org.siphint.dialect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.MediaReport;
import org.siphint.event.SipMessage;
import org.siphint.source.BoundedLineReader;

/**
 * Reads a small inline log through a dialect the way a file is read (the same line reader, so CR
 * and invalid bytes are handled as in production), and builds the SIP messages tests put in logs.
 */
public final class DialectHarness {

    /** The date a file without dates is taken to be from. */
    public static final LocalDate FILE_DATE = LocalDate.of(2026, 3, 4);

    private DialectHarness() {
    }

    public static LogContext context() {
        return new LogContext("test.log", null, FILE_DATE, ZoneOffset.UTC);
    }

    public static List<LogEvent> read(Dialect dialect, String log) {
        return read(dialect, log.getBytes(StandardCharsets.UTF_8));
    }

    public static List<LogEvent> read(Dialect dialect, byte[] log) {
        DialectReader reader = dialect.open(context().withDefaultRole(dialect.defaultRole()));
        return feed(reader, log);
    }

    /** Reads with dialect detection, as a file whose dialect is not configured. */
    public static List<LogEvent> readDetecting(String log) {
        return feed(Dialects.detecting(context()), log.getBytes(StandardCharsets.UTF_8));
    }

    private static List<LogEvent> feed(DialectReader reader, byte[] log) {
        List<LogEvent> events = new ArrayList<>();
        try (BoundedLineReader lines = new BoundedLineReader(new ByteArrayInputStream(log))) {
            long n = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                reader.line(line, ++n, events::add);
            }
            reader.flush(events::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    public static List<SipMessage> sip(List<LogEvent> events) {
        return events.stream().filter(SipMessage.class::isInstance).map(SipMessage.class::cast).toList();
    }

    public static List<LogNotice> notices(List<LogEvent> events) {
        return events.stream().filter(LogNotice.class::isInstance).map(LogNotice.class::cast).toList();
    }

    public static List<MediaReport> media(List<LogEvent> events) {
        return events.stream().filter(MediaReport.class::isInstance).map(MediaReport.class::cast).toList();
    }

    /** The dialect {@link Dialects#detect} picks for a log's first lines, or "none". */
    public static String detect(String log) {
        List<String> lines = log.lines().limit(Dialects.DETECTION_LINES).toList();
        return Dialects.detect(lines).map(Dialect::id).orElse("none");
    }

    /** A REGISTER without body, LF line ends. */
    public static String register(String callId, int cseq) {
        return "REGISTER sip:example.com SIP/2.0\n"
                + "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK" + callId.hashCode() + cseq + ";rport\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:alice@example.com>;tag=f" + cseq + "\n"
                + "To: <sip:alice@example.com>\n"
                + "Call-ID: " + callId + "\n"
                + "CSeq: " + cseq + " REGISTER\n"
                + "Contact: <sip:alice@192.0.2.7:5060>\n"
                + "Expires: 3600\n"
                + "Content-Length: 0\n"
                + "\n";
    }

    /** A response to a REGISTER, LF line ends. */
    public static String response(int status, String reason, String callId, int cseq) {
        return "SIP/2.0 " + status + " " + reason + "\n"
                + "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK" + callId.hashCode() + cseq
                + ";received=198.51.100.7;rport=5060\n"
                + "From: <sip:alice@example.com>;tag=f" + cseq + "\n"
                + "To: <sip:alice@example.com>;tag=t" + cseq + "\n"
                + "Call-ID: " + callId + "\n"
                + "CSeq: " + cseq + " REGISTER\n"
                + "Content-Length: 0\n"
                + "\n";
    }

    /** An INVITE with an SDP offer, LF line ends; {@code compact} writes compact header names. */
    public static String invite(String callId, boolean compact) {
        String body = "v=0\n"
                + "o=- 1 1 IN IP4 192.0.2.7\n"
                + "s=-\n"
                + "c=IN IP4 192.0.2.7\n"
                + "t=0 0\n"
                + "m=audio 4000 RTP/AVP 0 8\n"
                + "\n"  // a blank line inside the body: must not end the message
                + "a=rtpmap:0 PCMU/8000\n"
                + "a=rtpmap:8 PCMA/8000\n";
        int length = body.replace("\n", "\r\n").length();
        return "INVITE sip:bob@example.com SIP/2.0\n"
                + (compact ? "v" : "Via") + ": SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKinv" + callId.hashCode() + "\n"
                + (compact ? "f" : "From") + ": \"Alice\"\n"
                + "  <sip:alice@example.com>;tag=fi\n" // folded header
                + (compact ? "t" : "To") + ": <sip:bob@example.com>\n"
                + (compact ? "i" : "Call-ID") + ": " + callId + "\n"
                + "CSeq: 1 INVITE\n"
                + (compact ? "m" : "Contact") + ": <sip:alice@192.0.2.7:5060>\n"
                + (compact ? "c" : "Content-Type") + ": application/sdp\n"
                + (compact ? "l" : "Content-Length") + ": " + length + "\n"
                + "\n"
                + body;
    }

    /** The text with CRLF line ends, as the raw packet that most logs copy. */
    public static String crlf(String lf) {
        return lf.replace("\n", "\r\n");
    }
}
