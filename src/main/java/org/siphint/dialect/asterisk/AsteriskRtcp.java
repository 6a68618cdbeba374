package org.siphint.dialect.asterisk;

import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.dialect.LogText;
import org.siphint.event.LogEvent;
import org.siphint.event.MediaReport;
import org.siphint.event.Origin;

/**
 * The RTCP reports Asterisk prints with {@code rtcp set debug on} ({@code res/res_rtp_asterisk.c}),
 * one VERBOSE record per line:
 * <pre>
 * RTCP from 198.51.100.23:8001
 * PT: 201 (Receiver Report)
 *   Fraction lost: 20
 *   Packets lost so far: 75
 *   Interarrival jitter: 320
 *   DLSR: 1.0000 (sec)
 *   RTT: 0.0420(sec)
 * </pre>
 * Each report block becomes a periodic {@link MediaReport} (not a stream end) for the sending
 * address, with the loss fraction in percent, the jitter converted from timestamp units at 8 kHz
 * (the narrowband codecs Asterisk mostly bridges) and the round trip in milliseconds. The lines name
 * no call; rules link the report to a call by its address.
 */
final class AsteriskRtcp {

    private static final String SOURCE = "res_rtp_asterisk.c";
    private static final Pattern HEADER = Pattern.compile("^(?:Got )?RTCP from (\\S+?):?$");
    private static final Pattern FIELD = Pattern.compile(
            "^(Fraction lost|Packets lost so far|Interarrival jitter|RTT)\\s*:\\s*([\\d.]+)");

    private Block block;

    private static final class Block {
        final Instant time;
        final Origin origin;
        final String from;
        double fraction = Double.NaN;
        long lost = -1;
        double jitterUnits = Double.NaN;
        double rttSeconds = Double.NaN;

        Block(Instant time, Origin origin, String from) {
            this.time = time;
            this.origin = origin;
            this.from = from;
        }
    }

    /** Reads one record's text; answers whether it was an RTCP debug line. */
    boolean line(String source, Instant time, Origin origin, String text, Consumer<LogEvent> out) {
        if (!source.endsWith(SOURCE)) {
            return false;
        }
        String t = text.trim();
        if (t.contains("RTCP from ")) {
            Matcher h = HEADER.matcher(t);
            if (h.find()) {
                emit(out);
                block = new Block(time, origin, h.group(1));
                return true;
            }
        }
        if (block == null) {
            return false;
        }
        Matcher f = FIELD.matcher(t);
        if (!f.find()) {
            return true; // another line of the same report (PT, SSRC, sequence numbers, DLSR)
        }
        double value = LogText.parseDouble(f.group(2));
        switch (f.group(1)) {
            case "Fraction lost" -> block.fraction = value;
            case "Packets lost so far" -> block.lost = Double.isNaN(value) ? -1 : (long) value;
            case "Interarrival jitter" -> block.jitterUnits = value;
            default -> {
                block.rttSeconds = value;
                emit(out);
            }
        }
        return true;
    }

    private void emit(Consumer<LogEvent> out) {
        Block b = block;
        block = null;
        if (b == null || Double.isNaN(b.fraction) && Double.isNaN(b.jitterUnits)) {
            return; // a sender report without a reception block says nothing about quality
        }
        double loss = Double.isNaN(b.fraction) ? Double.NaN : b.fraction * 100.0 / 256.0;
        double jitter = Double.isNaN(b.jitterUnits) ? Double.NaN : b.jitterUnits / 8.0;
        double rtt = Double.isNaN(b.rttSeconds) ? Double.NaN : b.rttSeconds * 1000.0;
        out.accept(MediaReport.builder(b.time, b.origin).remoteAddress(b.from).packetsLost(b.lost)
                .lossPercent(loss).jitterMs(jitter).rttMs(rtt).streamEnd(false)
                .text(String.format(Locale.ROOT, "RTCP report from %s: loss %.1f %%, jitter %.1f ms, round trip %.0f ms",
                        b.from, loss, jitter, rtt))
                .build());
    }
}
