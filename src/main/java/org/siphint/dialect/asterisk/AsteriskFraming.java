package org.siphint.dialect.asterisk;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.dialect.PendingMessage;
import org.siphint.event.Direction;

/**
 * The framings in which Asterisk prints SIP messages, one per channel driver's debug output. One
 * Asterisk log can hold several: a PBX moving from chan_sip to chan_pjsip logs both, between notices
 * and dialplan lines.
 */
enum AsteriskFraming {

    /**
     * chan_pjsip's {@code pjsip set logger on} ({@code res/res_pjsip_logger.c}): a header
     * {@code <--- Received SIP request (N bytes) from UDP:a:p --->}, the raw message, no trailer;
     * the message ends at the next record.
     */
    PJSIP_LOGGER(Pattern.compile(
            "^<--- (Received|Transmitting) SIP (?:request|response) \\(\\d+ bytes\\) (?:from|to) (\\w+):(.+?) --->\\s*$"),
            null) {
        @Override
        Opened open(Matcher m, Instant time, long number) {
            Direction direction = m.group(1).equals("Received") ? Direction.RECEIVED : Direction.SENT;
            return new Opened(this, new PendingMessage(time, number, direction, m.group(2), m.group(3)));
        }
    },

    /**
     * chan_sip's {@code sip set debug on}, a received message ({@code channels/chan_sip.c}):
     * {@code <--- SIP read from UDP:a:p --->}, the message, {@code <------------->}, then
     * {@code --- (N headers M lines) ---}. Asterisk 1.4 printed no transport.
     */
    CHAN_SIP_READ(Pattern.compile("^<--- SIP read from (?:(UDP|TCP|TLS|WS|WSS):)?(.+?) --->\\s*$"), "<------------->") {
        @Override
        Opened open(Matcher m, Instant time, long number) {
            return new Opened(this, new PendingMessage(time, number, Direction.RECEIVED, m.group(1), m.group(2)));
        }
    },

    /**
     * chan_sip, a sent response: {@code <--- [Reliably ]Transmitting (NAT|no NAT) to a:p --->}, the
     * message, {@code <------------>}. No transport: it is read from the message's Via.
     */
    CHAN_SIP_RESPONSE(Pattern.compile("^<--- (?:Reliably )?Transmitting \\((?:NAT|no NAT)\\) to (.+?) --->\\s*$"),
            "<------------>") {
        @Override
        Opened open(Matcher m, Instant time, long number) {
            return new Opened(this, new PendingMessage(time, number, Direction.SENT, null, m.group(1)));
        }
    },

    /** chan_sip, a sent request: {@code [Reliably ]Transmitting (NAT|no NAT) to a:p:}, the message, {@code ---}. */
    CHAN_SIP_REQUEST(Pattern.compile("^(?:Reliably )?Transmitting \\((?:NAT|no NAT)\\) to (\\S+?):\\s*$"), "---") {
        @Override
        Opened open(Matcher m, Instant time, long number) {
            return new Opened(this, new PendingMessage(time, number, Direction.SENT, null, m.group(1)));
        }
    };

    private final Pattern header;
    private final String trailer;

    AsteriskFraming(Pattern header, String trailer) {
        this.header = header;
        this.trailer = trailer;
    }

    abstract Opened open(Matcher m, Instant time, long number);

    /** Whether a line ends this framing's message (null: only the next record does). */
    boolean isTrailer(String line) {
        return trailer != null && line.length() == trailer.length() && line.equals(trailer);
    }

    /**
     * Whether a line could be a framing header: cheap, before any regex. Every header pattern is
     * anchored at the line's start, so only the start is looked at: this runs for every line of
     * every message, and searching each whole line for chan_sip's "Transmitting (" read every
     * header twice.
     */
    static boolean mayOpen(String text) {
        return text.startsWith("<--- ") || text.startsWith("Transmitting (") || text.startsWith("Reliably Transmitting (");
    }

    /** The message a header line opens, or null when the line is no header. */
    static Opened openAny(String text, Instant time, long number) {
        if (!mayOpen(text)) {
            return null;
        }
        Opened quick = openPjsipLogger(text, time, number);
        if (quick != null) {
            return quick;
        }
        for (AsteriskFraming f : FRAMINGS) {
            Matcher m = f.header.matcher(text);
            if (m.matches()) {
                return f.open(m, time, number);
            }
        }
        return null;
    }

    private static final AsteriskFraming[] FRAMINGS = values();

    /**
     * {@link #PJSIP_LOGGER}'s header read by hand (it opens nearly every message of a chan_pjsip
     * log), or null when the line is not one; then the regexes decide. Accepts exactly what the
     * regex accepts, with the same groups: {@code <--- Received|Transmitting SIP request|response
     * (digits bytes) from|to word:peer --->} and trailing whitespace.
     */
    static Opened openPjsipLogger(String text, Instant time, long number) {
        Direction direction;
        int i;
        if (text.startsWith("<--- Received SIP ")) {
            direction = Direction.RECEIVED;
            i = 18;
        } else if (text.startsWith("<--- Transmitting SIP ")) {
            direction = Direction.SENT;
            i = 22;
        } else {
            return null;
        }
        if (text.startsWith("request (", i)) {
            i += 9;
        } else if (text.startsWith("response (", i)) {
            i += 10;
        } else {
            return null;
        }
        int digits = i;
        int n = text.length();
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == digits || !text.startsWith(" bytes) ", i)) {
            return null;
        }
        i += 8;
        if (text.startsWith("from ", i)) {
            i += 5;
        } else if (text.startsWith("to ", i)) {
            i += 3;
        } else {
            return null;
        }
        int word = i;
        while (i < n && isWordChar(text.charAt(i))) {
            i++;
        }
        if (i == word || i >= n || text.charAt(i) != ':') {
            return null;
        }
        int peer = i + 1;
        int end = n;
        while (end > peer && isRegexSpace(text.charAt(end - 1))) {
            end--;
        }
        // the peer is at least one character, then " --->" is the last thing but whitespace
        if (end - peer < 6 || !text.startsWith(" --->", end - 5)) {
            return null;
        }
        for (int k = peer; k < end - 5; k++) {
            char c = text.charAt(k);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return null;
            }
        }
        return new Opened(PJSIP_LOGGER, new PendingMessage(time, number, direction, text.substring(word, i),
                text.substring(peer, end - 5)));
    }

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** The message the regexes open, or null: the reference {@link #openPjsipLogger} is tested against. */
    static Opened openWithRegex(String text, Instant time, long number) {
        for (AsteriskFraming f : FRAMINGS) {
            Matcher m = f.header.matcher(text);
            if (m.matches()) {
                return f.open(m, time, number);
            }
        }
        return null;
    }

    /** A message being collected and the framing that decides where it ends. */
    record Opened(AsteriskFraming framing, PendingMessage message) {
    }
}
