package org.siphint.syslog;

import java.util.Locale;

/** The syslog facilities of RFC 5424 section 6.2.1, by their usual names. */
public enum Facility {
    KERN, USER, MAIL, DAEMON, AUTH, SYSLOG, LPR, NEWS, UUCP, CRON, AUTHPRIV, FTP, NTP, AUDIT, ALERT, CLOCK,
    LOCAL0, LOCAL1, LOCAL2, LOCAL3, LOCAL4, LOCAL5, LOCAL6, LOCAL7;

    /** The facility's number (0 to 23). */
    public int code() {
        return ordinal();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code daemon}, {@code local0}..{@code local7} and the other names, or a number 0 to 23. */
    public static Facility parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit) && t.length() <= 2) {
            int n = Integer.parseInt(t);
            if (n < values().length) {
                return values()[n];
            }
        }
        for (Facility f : values()) {
            if (f.id().equals(t)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown syslog facility '" + text + "' (daemon, user, local0 ... local7)");
    }
}
