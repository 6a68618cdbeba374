package org.siphint.sip;

import java.util.Locale;
import java.util.Map;

/**
 * Reads the Reason header (RFC 3326) that tells why a call ended or failed:
 * {@code Q.850;cause=34;text="No circuit/channel available"} carries the telephone network's cause,
 * {@code SIP;cause=200;text="Call completed elsewhere"} marks a forked call answered on another phone.
 */
public final class ReasonHeader {

    /** Plain words for the Q.850 causes a SIP user meets most. */
    private static final Map<Integer, String> Q850 = Map.ofEntries(
            Map.entry(1, "unallocated number"),
            Map.entry(3, "no route to destination"),
            Map.entry(16, "normal call clearing"),
            Map.entry(17, "user busy"),
            Map.entry(18, "no user responding"),
            Map.entry(19, "no answer from user"),
            Map.entry(20, "subscriber absent"),
            Map.entry(21, "call rejected"),
            Map.entry(27, "destination out of order"),
            Map.entry(28, "invalid number format"),
            Map.entry(29, "facility rejected"),
            Map.entry(31, "normal, unspecified"),
            Map.entry(34, "no circuit or channel available"),
            Map.entry(38, "network out of order"),
            Map.entry(41, "temporary failure"),
            Map.entry(42, "switching equipment congestion"),
            Map.entry(47, "resource unavailable"),
            Map.entry(57, "bearer capability not authorized"),
            Map.entry(58, "bearer capability not available"),
            Map.entry(65, "bearer capability not implemented"),
            Map.entry(88, "incompatible destination"),
            Map.entry(102, "recovery on timer expiry"),
            Map.entry(127, "interworking, unspecified"));

    private ReasonHeader() {
    }

    /** The Q.850 cause number of a Reason header, or -1. */
    public static int q850Cause(String reason) {
        if (reason == null) {
            return -1;
        }
        for (String value : HeaderValues.splitList(reason)) {
            String v = value.trim();
            if (v.regionMatches(true, 0, "Q.850", 0, 5)) {
                String cause = HeaderValues.param(v, "cause");
                if (cause != null && !cause.isEmpty() && cause.length() <= 3 && cause.chars().allMatch(Character::isDigit)) {
                    return Integer.parseInt(cause);
                }
            }
        }
        return -1;
    }

    /** "Q.850 cause 34 (no circuit or channel available)", or null when the header has none. */
    public static String describeQ850(String reason) {
        int cause = q850Cause(reason);
        if (cause < 0) {
            return null;
        }
        String words = Q850.get(cause);
        return "Q.850 cause " + cause + (words == null ? "" : " (" + words + ")");
    }

    /** The Q.850 cause as an optional clause {@code ", Q.850 cause 34 (...)"}, or null. */
    public static String q850Note(String reason) {
        String q850 = describeQ850(reason);
        return q850 == null ? null : ", " + q850;
    }

    /** Whether the network says there is no capacity or route (trunk full, down or congested). */
    public static boolean isNetworkCapacity(String reason) {
        int c = q850Cause(reason);
        return c == 3 || c == 34 || c == 38 || c == 41 || c == 42 || c == 47;
    }

    /** Whether a CANCEL's Reason says a forked call was answered on another device. */
    public static boolean completedElsewhere(String reason) {
        if (reason == null) {
            return false;
        }
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("completed elsewhere")) {
            return true;
        }
        for (String value : HeaderValues.splitList(reason)) {
            String v = value.trim();
            if (v.regionMatches(true, 0, "SIP", 0, 3) && (v.length() == 3 || v.charAt(3) == ';' || v.charAt(3) == ' ')
                    && "200".equals(HeaderValues.param(v, "cause"))) {
                return true;
            }
        }
        return false;
    }
}
