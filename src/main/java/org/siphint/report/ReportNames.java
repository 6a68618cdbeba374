package org.siphint.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import org.siphint.finding.Finding;

/**
 * Names of report files. A Call-ID is text from a log (any length, any characters: slashes, dots,
 * a hostile {@code ../}), so it never becomes part of a file name: a report is named by its
 * situation id (reduced to {@code [a-z0-9-]}) and a hash of the Call-ID, e.g.
 * {@code sip-488-3f2a9c1b0d.html}. The same name is the report's id for {@code siphint report}.
 */
public final class ReportNames {

    /** What a report file written by siphint looks like (nothing else in a report folder is touched). */
    public static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}-[0-9a-f]{10}\\.html");

    private ReportNames() {
    }

    /** The id of a finding's report: situation and Call-ID hash ({@code sip-488-3f2a9c1b0d}). */
    public static String id(Finding f) {
        String subject = f.callId() != null ? f.callId()
                : "no call\u0000" + f.situation() + '\u0000' + f.account() + '\u0000' + f.time();
        return slug(f.situation()) + "-" + hash(subject);
    }

    /** The id of a report on a call without a finding ({@code call-3f2a9c1b0d}). */
    public static String callId(String callId) {
        return "call-" + hash(callId);
    }

    public static String fileName(String id) {
        return id + ".html";
    }

    private static String slug(String situation) {
        String s = situation == null ? "" : situation.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (s.length() > 40) {
            s = s.substring(0, 40).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "finding" : s;
    }

    /** The first 10 hex digits of the SHA-256 of {@code text}. */
    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
