package org.siphint.dialect.asterisk;

import java.time.Instant;
import java.util.function.Consumer;

import org.siphint.dialect.LogText;
import org.siphint.event.LogEvent;
import org.siphint.event.MediaReport;
import org.siphint.event.Origin;

/**
 * Collects the records {@code rtcp set debug on} prints for one received RTCP packet
 * ({@code res/res_rtp_asterisk.c}) into a {@link MediaReport}:
 * <pre>
 * RTCP from 192.0.2.20:10021
 * PT: 200 (Sender Report)
 *   Fraction lost: 12
 *   Packets lost so far: 57
 *   Interarrival jitter (secs): 0.051875
 *   RTT: 0.0412(sec)
 * </pre>
 * Each line is its own VERBOSE record. The report block of a received packet tells how the peer
 * received Asterisk's stream. {@code Fraction lost} is RFC 3550's 8-bit fraction (12 means 12/256,
 * about 4.7 %), turned into a percentage here. Asterisk 13 and older wrote {@code Got RTCP from}.
 */
final class AsteriskRtcp {

    private static final String[] BODY = {"PT:", "Reception reports:", "SSRC of sender:", "Fraction lost:",
        "Packets lost so far:", "Cumulative loss:", "Highest sequence number:", "Sequence number cycles:",
        "Interarrival jitter", "IA jitter", "Last SR(", "DLSR:", "RTT:", "MES:", "Sent packets:", "Sent octets:",
        "Sent ntp:", "Sent rtp:", "Report block:", "Our SSRC:", "Their SSRC:", "Received packets:"};

    private Instant time;
    private Origin origin;
    private String from;
    private int fraction = -1;
    private long lost = -1;
    private double jitterMs = Double.NaN;
    private double rttMs = Double.NaN;

    /** Takes a record's text; answers false when it is no RTCP debug line (and ends a pending report). */
    boolean line(String text, Instant recordTime, Origin recordOrigin, Consumer<LogEvent> out) {
        String t = text.trim();
        if (t.startsWith("RTCP from ") || t.startsWith("Got RTCP from ")) {
            end(out);
            time = recordTime;
            origin = recordOrigin;
            from = t.substring(t.indexOf("from ") + 5).trim();
            return true;
        }
        if (from == null || !isBody(t)) {
            end(out);
            return false;
        }
        int colon = t.indexOf(':');
        String value = t.substring(colon + 1).trim();
        if (t.startsWith("Fraction lost:")) {
            fraction = LogText.parseInt(value, -1);
        } else if (t.startsWith("Packets lost so far:")) {
            lost = LogText.parseInt(value, -1);
        } else if (t.startsWith("Interarrival jitter (secs):")) {
            jitterMs = LogText.parseDouble(value) * 1000;
        } else if (t.startsWith("RTT:")) {
            int paren = value.indexOf('(');
            rttMs = LogText.parseDouble(paren < 0 ? value : value.substring(0, paren)) * 1000;
        }
        return true;
    }

    /** Emits the pending report, if its packet carried a report block. */
    void end(Consumer<LogEvent> out) {
        if (from != null && (fraction >= 0 || lost >= 0)) {
            double percent = fraction >= 0 ? fraction * 100.0 / 256 : Double.NaN;
            out.accept(MediaReport.builder(time, origin).remoteAddress(from).packetsLost(lost).lossPercent(percent)
                    .jitterMs(jitterMs).rttMs(rttMs)
                    .text("RTCP from " + from + ": fraction lost " + fraction + "/256"
                            + (Double.isNaN(percent) ? "" : String.format(java.util.Locale.ROOT, " (%.1f %%)", percent))
                            + ", lost so far " + lost
                            + (Double.isNaN(jitterMs) ? "" : String.format(java.util.Locale.ROOT, ", jitter %.1f ms", jitterMs))
                            + (Double.isNaN(rttMs) ? "" : String.format(java.util.Locale.ROOT, ", RTT %.1f ms", rttMs)))
                    .build());
        }
        from = null;
        fraction = -1;
        lost = -1;
        jitterMs = Double.NaN;
        rttMs = Double.NaN;
    }

    private static boolean isBody(String t) {
        for (String b : BODY) {
            if (t.startsWith(b)) {
                return true;
            }
        }
        return false;
    }
}
