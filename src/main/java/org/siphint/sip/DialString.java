package org.siphint.sip;

/**
 * Judges how a dialled number is written, for a 404 on a call: a server that knows "0301234567"
 * may not know "+49 30 1234567" or "0049301234567". Answers the likely format problem in plain
 * words, or null when the number looks like a plain extension or national number.
 */
public final class DialString {

    private DialString() {
    }

    /** A plain-language hint about the number's format, or null. */
    public static String formatHint(String user) {
        if (user == null || user.isEmpty()) {
            return null;
        }
        String u = user.replace("%20", " ");
        boolean digitsOnly = u.chars().allMatch(c -> Character.isDigit(c) || c == '*' || c == '#');
        if (u.startsWith("+")) {
            return "it is written in international format with a leading + (" + user + ")";
        }
        if (u.chars().anyMatch(c -> c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/')) {
            return "it contains spaces or punctuation (" + user + ")";
        }
        if (digitsOnly && u.startsWith("00") && u.length() > 6) {
            return "it starts with the international prefix 00 (" + user + ")";
        }
        return null;
    }

    /** Whether the user part looks like a phone number or extension rather than a name. */
    public static boolean isNumber(String user) {
        if (user == null || user.isEmpty()) {
            return false;
        }
        long digits = user.chars().filter(Character::isDigit).count();
        return digits > 0 && digits * 2 >= user.length();
    }
}
