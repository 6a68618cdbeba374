package org.siphint.source;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Writes SIP messages the way pjsua logs them, each with a Call-ID of its own, for source tests. */
final class SipLogWriter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private SipLogWriter() {
    }

    /** One OPTIONS request as a pjsua log block; the time moves on with {@code n} so heads differ. */
    static String message(String callId, long n) {
        String time = LocalTime.of(8, 0).plusNanos((n % 36_000_000L) * 1_000_000L).format(TIME);
        String sip = "OPTIONS sip:pbx.example.com SIP/2.0\n"
                + "Via: SIP/2.0/UDP 192.168.1.20:5060;rport;branch=z9hG4bKPj" + callId + "\n"
                + "Max-Forwards: 70\n"
                + "From: <sip:alice@pbx.example.com>;tag=" + callId + "\n"
                + "To: <sip:pbx.example.com>\n"
                + "Call-ID: " + callId + "\n"
                + "CSeq: 1 OPTIONS\n"
                + "User-Agent: MicroSIP/3.21.3\n"
                + "Content-Length:  0\n\n";
        return time + "           pjsua_core.c  .TX " + sip.length() + " bytes Request msg OPTIONS/cseq=1 (tdta0x7f3a1c0052a8)"
                + " to UDP 192.0.2.10:5060:\n" + sip + "\n--end msg--\n";
    }
}
