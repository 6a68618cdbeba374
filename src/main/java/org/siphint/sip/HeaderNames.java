package org.siphint.sip;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Canonical header names: compact forms (RFC 3261 section 7.3.3 and later RFCs) expanded. */
public final class HeaderNames {

    private static final Map<String, String> COMPACT = Map.ofEntries(
            Map.entry("i", "Call-ID"), Map.entry("f", "From"), Map.entry("t", "To"),
            Map.entry("v", "Via"), Map.entry("m", "Contact"), Map.entry("l", "Content-Length"),
            Map.entry("c", "Content-Type"), Map.entry("k", "Supported"), Map.entry("s", "Subject"),
            Map.entry("e", "Content-Encoding"), Map.entry("o", "Event"), Map.entry("r", "Refer-To"),
            Map.entry("b", "Referred-By"), Map.entry("u", "Allow-Events"), Map.entry("x", "Session-Expires"),
            Map.entry("a", "Accept-Contact"), Map.entry("j", "Reject-Contact"),
            Map.entry("d", "Request-Disposition"), Map.entry("y", "Identity"), Map.entry("n", "Identity-Info"));

    /** Headers whose value may list several entries separated by commas (RFC 3261 section 7.3.1). */
    private static final Set<String> COMMA_SEPARATED = Set.of(
            "via", "contact", "route", "record-route", "allow", "supported", "require", "proxy-require");

    private HeaderNames() {
    }

    static String canonical(String name) {
        if (name.length() == 1) {
            String full = COMPACT.get(name.toLowerCase(Locale.ROOT));
            if (full != null) {
                return full;
            }
        }
        return name;
    }

    /** Header names as senders usually write them: a name written so is not copied out of its line. */
    private static final List<String> KNOWN = List.of("Via", "From", "To", "Call-ID", "CSeq",
            "Contact", "Max-Forwards", "User-Agent", "Server", "Allow", "Supported", "Content-Type", "Content-Length",
            "Expires", "Record-Route", "Route", "Authorization", "WWW-Authenticate", "Proxy-Authorization",
            "Proxy-Authenticate", "Accept", "Session-Expires", "Min-SE", "Reason", "Warning", "Retry-After", "Date",
            "Require", "Event", "Allow-Events", "Subject", "P-Asserted-Identity", "Remote-Party-ID", "Privacy",
            "Organization", "Content-Disposition", "Accept-Language", "Accept-Encoding", "Timestamp", "Unsupported",
            "P-Preferred-Identity", "Subscription-State", "Refer-To", "Referred-By", "Diversion", "X-Asterisk-HangupCause",
            "X-Asterisk-HangupCauseCode", "Call-Info", "Alert-Info", "Path", "Min-Expires");
    private static final String[][] KNOWN_BY_LENGTH = byLength(KNOWN);
    /** The place in {@link #KNOWN} of each name of {@link #KNOWN_BY_LENGTH}: the slot a parsed message keeps its first occurrence in. */
    private static final int[][] KNOWN_ID_BY_LENGTH = idsByLength(KNOWN_BY_LENGTH);
    /** How many names {@link #id} can give a slot to. */
    static final int KNOWN_COUNT = KNOWN.size();

    private static int[][] idsByLength(String[][] byLength) {
        int[][] ids = new int[byLength.length][];
        for (int len = 0; len < byLength.length; len++) {
            ids[len] = new int[byLength[len].length];
            for (int j = 0; j < byLength[len].length; j++) {
                ids[len][j] = KNOWN.indexOf(byLength[len][j]);
            }
        }
        return ids;
    }

    /**
     * The slot of a canonical header name among the usually written names, ignoring case, or -1
     * when it is none of them. It is asked about forty times a message. The name as usually written
     * is the very string of {@link #KNOWN} (a literal in the code asking, or what {@link #canonical}
     * returned), found among the few known names of its length by identity, without hashing; another
     * spelling is compared with them ignoring case.
     */
    static int id(String canonicalName) {
        int length = canonicalName.length();
        if (length >= KNOWN_BY_LENGTH.length) {
            return -1;
        }
        String[] known = KNOWN_BY_LENGTH[length];
        for (int j = 0; j < known.length; j++) {
            if (known[j] == canonicalName) {
                return KNOWN_ID_BY_LENGTH[length][j];
            }
        }
        for (int j = 0; j < known.length; j++) {
            if (known[j].equalsIgnoreCase(canonicalName)) {
                return KNOWN_ID_BY_LENGTH[length][j];
            }
        }
        return -1;
    }

    private static String[][] byLength(List<String> names) {
        int max = names.stream().mapToInt(String::length).max().orElse(0);
        String[][] out = new String[max + 1][];
        for (int len = 0; len <= max; len++) {
            final int l = len;
            out[len] = names.stream().filter(n -> n.length() == l).toArray(String[]::new);
        }
        return out;
    }

    /**
     * The canonical name of the header a line starts with, {@code line.substring(0, colon).trim()}
     * expanded: a compact or usually written name without copying it out of the line.
     */
    static String canonical(String line, int colon) {
        int from = 0;
        int to = colon;
        while (from < to && line.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && line.charAt(to - 1) <= ' ') {
            to--;
        }
        int length = to - from;
        if (length == 1 && line.charAt(from) < 128) {
            String full = COMPACT.get(String.valueOf(Character.toLowerCase(line.charAt(from))));
            if (full != null) {
                return full;
            }
        }
        if (length < KNOWN_BY_LENGTH.length) {
            for (String known : KNOWN_BY_LENGTH[length]) {
                if (line.startsWith(known, from)) {
                    return known;
                }
            }
        }
        return line.substring(from, to);
    }

    static boolean isCommaSeparated(String canonicalName) {
        return COMMA_SEPARATED.contains(canonicalName.toLowerCase(Locale.ROOT));
    }

    /** Headers that identify a message and its transaction: kept even past the header bound. */
    private static final java.util.Set<String> ESSENTIAL = java.util.Set.of("call-id", "cseq", "from", "to", "via",
            "content-length", "content-type");

    /** Whether a header line (name as written, compact or not) names an essential header. */
    public static boolean isEssential(String name) {
        return ESSENTIAL.contains(canonical(name.trim()).toLowerCase(Locale.ROOT));
    }
}
