package org.siphint.dialect;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.siphint.dialect.anytext.AnyTextDialect;
import org.siphint.dialect.asterisk.AsteriskDialect;
import org.siphint.dialect.baresip.BaresipDialect;
import org.siphint.dialect.bria.BriaDialect;
import org.siphint.dialect.freeswitch.FreeswitchDialect;
import org.siphint.dialect.kamailio.KamailioDialect;
import org.siphint.dialect.linphone.LinphoneDialect;
import org.siphint.dialect.pjsip.PjsipDialect;
import org.siphint.dialect.raw.RawSipDialect;
import org.siphint.dialect.sipdump.SipdumpDialect;

/** The dialects siphint reads, and detection of a file's dialect from its first lines. */
public final class Dialects {

    /** How many lines detection may look at before it gives up on a file's head. */
    public static final int DETECTION_LINES = 400;

    private static final RawSipDialect RAW = new RawSipDialect();
    private static final AnyTextDialect ANYTEXT = new AnyTextDialect();
    private static final List<Dialect> ALL = List.of(new AsteriskDialect(), new PjsipDialect(),
            new FreeswitchDialect(), new BriaDialect(),
            new SipdumpDialect(), new KamailioDialect(), new BaresipDialect(), new LinphoneDialect(),
            RAW, // raw late: a fallback, it loses every tie
            ANYTEXT); // never scores: chosen below when no other format claims a file that holds SIP

    private Dialects() {
    }

    public static List<Dialect> all() {
        return ALL;
    }

    public static Optional<Dialect> byId(String id) {
        return ALL.stream().filter(d -> d.id().equalsIgnoreCase(id)).findFirst();
    }

    /** The ids, for error messages and help. */
    public static String ids() {
        return ALL.stream().map(Dialect::id).collect(Collectors.joining(", "));
    }

    /**
     * The dialect whose signature lines score highest over these lines, or empty when no line is
     * recognised. A dialect needs a strong line (a SIP message header of its own) or several weak
     * ones to win. When none wins but the lines hold a SIP message (a start line followed by
     * headers, whatever surrounds them), the format is guessed: {@code anytext} reads it. It also
     * takes over from {@code raw} when raw wins by bare start lines alone (no sngrep line) in a file
     * whose messages stand among log lines (a prefix on a start line, timestamps between messages).
     */
    public static Optional<Dialect> detect(List<String> lines) {
        Dialect best = null;
        int bestScore = 0;
        for (Dialect d : ALL) {
            int score = 0;
            for (String line : lines) {
                score += d.score(line);
            }
            if (score > bestScore) {
                best = d;
                bestScore = score;
            }
        }
        if (bestScore >= 8 && best != RAW) {
            return Optional.of(best);
        }
        if (best == RAW && bestScore >= 8 && (sngrepLines(lines) || !AnyTextDialect.hasLogLines(lines))) {
            return Optional.of(RAW);
        }
        if (AnyTextDialect.recognises(lines)) {
            return Optional.of(ANYTEXT);
        }
        return bestScore >= 8 ? Optional.of(best) : Optional.empty();
    }

    private static boolean sngrepLines(List<String> lines) {
        for (String line : lines) {
            if (RAW.score(line) >= 8) {
                return true;
            }
        }
        return false;
    }

    /** A reader that detects the dialect from the first lines it gets, then hands them all over. */
    public static DialectReader detecting(LogContext context) {
        return new DetectingReader(context);
    }
}
