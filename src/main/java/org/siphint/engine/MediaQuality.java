package org.siphint.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.siphint.event.MediaReport;

/**
 * Judges a media report against the call-quality limits of the catalog and picks the cause the
 * worst measure points to: loss and jitter mostly come from the access network (Wi-Fi, a saturated
 * uplink), a long round trip from distance (VPN, satellite, far-away servers), a low MOS alone from
 * the mix of them. Measures a report does not have (NaN) are never judged.
 */
public final class MediaQuality {

    /** The situation whose thresholds apply. */
    public static final String SITUATION = "call-quality";

    /**
     * A report past at least one limit.
     *
     * @param cause    the catalog cause of the worst measure: packet-loss, jitter, delay or low-mos
     * @param worst    the worst measure in words, e.g. {@code packet loss 7.5 % (limit 3 %)}
     * @param measures every measure past its limit, in words, joined with "; "
     */
    public record Verdict(String cause, String worst, String measures) {
    }

    private MediaQuality() {
    }

    /** Whether the report is past any limit. */
    public static boolean exceeds(MediaReport report, Thresholds thresholds) {
        return judge(report, thresholds) != null;
    }

    /** The verdict on a report, or null when every measure it has is within its limit. */
    public static Verdict judge(MediaReport report, Thresholds thresholds) {
        double lossLimit = thresholds.get(SITUATION, "loss-percent", 3);
        double jitterLimit = thresholds.get(SITUATION, "jitter-ms", 30);
        double rttLimit = thresholds.get(SITUATION, "rtt-ms", 300);
        double mosLimit = thresholds.get(SITUATION, "mos", 3.6);
        List<String> measures = new ArrayList<>(4);
        String cause = null;
        String worst = null;
        double worstRatio = 1;
        double loss = report.getLossPercent();
        if (loss > lossLimit) {
            String words = "packet loss " + number(loss) + " % (limit " + number(lossLimit) + " %)";
            measures.add(words);
            double ratio = lossLimit > 0 ? loss / lossLimit : Double.MAX_VALUE;
            if (ratio > worstRatio || cause == null) {
                cause = "packet-loss";
                worst = words;
                worstRatio = ratio;
            }
        }
        double jitter = report.getJitterMs();
        if (jitter > jitterLimit) {
            String words = "jitter " + number(jitter) + " ms (limit " + number(jitterLimit) + " ms)";
            measures.add(words);
            double ratio = jitterLimit > 0 ? jitter / jitterLimit : Double.MAX_VALUE;
            if (ratio > worstRatio || cause == null) {
                cause = "jitter";
                worst = words;
                worstRatio = ratio;
            }
        }
        double rtt = report.getRttMs();
        if (rtt > rttLimit) {
            String words = "round-trip delay " + number(rtt) + " ms (limit " + number(rttLimit) + " ms)";
            measures.add(words);
            double ratio = rttLimit > 0 ? rtt / rttLimit : Double.MAX_VALUE;
            if (ratio > worstRatio || cause == null) {
                cause = "delay";
                worst = words;
                worstRatio = ratio;
            }
        }
        double mos = report.getMos();
        if (mos < mosLimit) {
            String words = "MOS " + number(mos) + " (limit " + number(mosLimit) + ")";
            measures.add(words);
            if (cause == null) {
                cause = "low-mos";
                worst = words;
            }
        }
        return cause == null ? null : new Verdict(cause, worst, String.join("; ", measures));
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
