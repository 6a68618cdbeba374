package org.siphint.syslog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.siphint.finding.Finding;
import org.siphint.finding.Severity;
import org.siphint.finding.Template;
import org.siphint.report.ReportNames;
import org.siphint.sip.Redactor;

/**
 * A finding as an RFC 5424 syslog message:
 * <pre>
 * &lt;PRI&gt;1 TIMESTAMP HOSTNAME siphint PROCID MSGID [siphint@32473 situation="..." cause="..." account="..." callId="..." findingId="..."] MSG
 * </pre>
 * PRI is the facility times 8 plus the severity (error 3, warning 4, info 6); TIMESTAMP the
 * finding's time in RFC 3339 with milliseconds and the zone's offset; MSGID the situation id; MSG
 * the title and the summary, preceded by a UTF-8 byte order mark when it is not plain ASCII (as
 * RFC 5424 section 6.4 asks). 32473 is the private enterprise number RFC 5612 sets aside for
 * documentation. The header fields are cut to the grammar's printable ASCII and lengths, a field
 * without a value is the NILVALUE {@code -}.
 *
 * <p>Every text in a finding may come from a log: each is redacted again, made one line (control
 * and bidi formatting characters removed), and in the structured data {@code "}, {@code \} and
 * {@code ]} are escaped with a backslash. The whole message is at most {@code maxBytes} bytes: the
 * structured data's values are shortened first when header and structured data alone would not fit,
 * then the message text is cut at a UTF-8 character boundary.
 */
public final class SyslogFormat {

    public static final String APP_NAME = "siphint";
    /** The SD-ID of siphint's structured data: a name at the documentation enterprise number of RFC 5612. */
    public static final String SD_ID = "siphint@32473";
    public static final String NIL = "-";
    /** RFC 5426 receivers must take 480 bytes; nothing shorter is a useful message. */
    public static final int MIN_BYTES = 480;
    /** How many bytes one structured-data value keeps before escaping, unless the limit asks for fewer. */
    static final int VALUE_BYTES = 256;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    private final Facility facility;
    private final String hostname;
    private final String procId;
    private final ZoneId zone;
    private final int maxBytes;

    /**
     * @param hostname this machine's name (null or blank for the NILVALUE)
     * @param procId   the process id (null for the NILVALUE)
     * @param maxBytes the longest message, at least {@link #MIN_BYTES}
     */
    public SyslogFormat(Facility facility, String hostname, String procId, ZoneId zone, int maxBytes) {
        if (maxBytes < MIN_BYTES) {
            throw new IllegalArgumentException("a syslog message limit below " + MIN_BYTES + " bytes: " + maxBytes);
        }
        this.facility = facility;
        this.hostname = headerField(hostname, 255);
        this.procId = headerField(procId, 128);
        this.zone = zone;
        this.maxBytes = maxBytes;
    }

    /** The message for a finding, at most {@code maxBytes} bytes, without any framing. */
    public byte[] format(Finding f) {
        String header = "<" + priority(facility, severity(f)) + ">1 " + timestamp(f.time()) + " " + hostname + " "
                + APP_NAME + " " + procId + " " + headerField(f.situation(), 32);
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        Map<String, String> params = params(f);
        byte[] sd = null;
        for (int valueBytes = VALUE_BYTES; ; valueBytes /= 2) {
            sd = structuredData(params, valueBytes).getBytes(StandardCharsets.UTF_8);
            if (head.length + 1 + sd.length <= maxBytes || valueBytes == 0) {
                break;
            }
        }
        if (head.length + 1 + sd.length > maxBytes) {
            sd = NIL.getBytes(StandardCharsets.US_ASCII);
        }
        String text = message(f);
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        boolean ascii = msg.length == text.length();
        int room = maxBytes - head.length - 1 - sd.length - 1 - (ascii ? 0 : BOM.length);
        int take = room <= 0 ? 0 : utf8Prefix(msg, room);
        byte[] out = new byte[head.length + 1 + sd.length + (take == 0 ? 0 : 1 + (ascii ? 0 : BOM.length) + take)];
        int at = put(out, 0, head);
        out[at++] = ' ';
        at = put(out, at, sd);
        if (take > 0) {
            out[at++] = ' ';
            if (!ascii) {
                at = put(out, at, BOM);
            }
            System.arraycopy(msg, 0, out, at, take);
        }
        return out;
    }

    private static Severity severity(Finding f) {
        try {
            return f.severityLevel();
        } catch (IllegalArgumentException e) {
            return Severity.WARNING; // a finding always has one of the three; a stray word is not worth losing it
        }
    }

    /** PRI: facility times 8 plus the severity (error 3, warning 4, info 6). */
    public static int priority(Facility facility, Severity severity) {
        int level = switch (severity) {
            case ERROR -> 3;
            case WARNING -> 4;
            case INFO -> 6;
        };
        return facility.code() * 8 + level;
    }

    /** RFC 3339 with milliseconds and the zone's offset ({@code Z} for UTC); the NILVALUE for no time or a year past 9999. */
    String timestamp(Instant time) {
        if (time == null) {
            return NIL;
        }
        ZonedDateTime t = time.atZone(zone);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return NIL;
        }
        return RFC3339.format(t);
    }

    /** The structured data's parameters, each already one line of redacted text; absent values are left out. */
    private static Map<String, String> params(Finding f) {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "situation", f.situation());
        put(p, "cause", f.cause());
        put(p, "account", f.account());
        put(p, "callId", f.callId());
        p.put("findingId", ReportNames.id(f));
        return p;
    }

    private static void put(Map<String, String> p, String name, String value) {
        if (value != null) {
            p.put(name, clean(value));
        }
    }

    static String structuredData(Map<String, String> params, int valueBytes) {
        StringBuilder sd = new StringBuilder(64 + params.size() * 48).append('[').append(SD_ID);
        params.forEach((name, value) -> {
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            String cut = v.length <= valueBytes ? value : new String(v, 0, utf8Prefix(v, valueBytes), StandardCharsets.UTF_8);
            sd.append(' ').append(name).append("=\"").append(escapeParamValue(cut)).append('"');
        });
        return sd.append(']').toString();
    }

    /** RFC 5424 section 6.3.3: {@code "}, {@code \} and {@code ]} in a PARAM-VALUE are escaped with a backslash. */
    public static String escapeParamValue(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** MSG: the title and the summary, one line. */
    private static String message(Finding f) {
        String title = f.title() == null ? "" : clean(f.title());
        String summary = f.summary() == null ? "" : clean(f.summary());
        return title.isEmpty() ? summary : summary.isEmpty() ? title : title + ": " + summary;
    }

    /** Log text for a syslog field: credentials redacted (again), one line, no control or bidi formatting characters. */
    static String clean(String value) {
        return Template.plain(Redactor.line(value), 4096);
    }

    /** A header field: printable US-ASCII without spaces, at most {@code max} characters; the NILVALUE when empty. */
    static String headerField(String value, int max) {
        if (value == null) {
            return NIL;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            if (c > 32 && c < 127) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                out.append('_');
            }
        }
        return out.length() == 0 ? NIL : out.toString();
    }

    /** The longest prefix of {@code utf8} of at most {@code max} bytes that ends at a character boundary. */
    static int utf8Prefix(byte[] utf8, int max) {
        if (utf8.length <= max) {
            return utf8.length;
        }
        int end = max;
        // back over continuation bytes (10xxxxxx) to the start of the character cut in two
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }
}
