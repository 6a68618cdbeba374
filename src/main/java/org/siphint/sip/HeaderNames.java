package org.siphint.sip;

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
