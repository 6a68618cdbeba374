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

    /** Whether a line could be a framing header: cheap, before any regex. */
    static boolean mayOpen(String text) {
        return text.startsWith("<--- ") || text.contains("Transmitting (");
    }

    /** The message a header line opens, or null when the line is no header. */
    static Opened openAny(String text, Instant time, long number) {
        if (!mayOpen(text)) {
            return null;
        }
        for (AsteriskFraming f : values()) {
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
