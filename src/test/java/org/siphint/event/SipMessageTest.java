package org.siphint.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.sip.SipParseException;
import org.siphint.sip.SipParser;

/** The joins rules make between messages: which INVITE goes to which registered phone. */
class SipMessageTest {

    private static SipMessage sent(String peer, String... lines) throws SipParseException {
        SipParser.Result parsed = SipParser.parse(List.of(lines), 0);
        return new SipMessage(Instant.parse("2026-03-04T10:00:00Z"), new Origin("pbx.log", 1, Role.PBX), Direction.SENT,
                "UDP", peer, parsed.message(), String.join("\r\n", lines));
    }

    private static SipMessage registered(String contact) throws SipParseException {
        return sent("203.0.113.45:40312", "SIP/2.0 200 OK", "Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK1",
                "From: <sip:alice@pbx.example.com>;tag=1", "To: <sip:alice@pbx.example.com>;tag=2", "Call-ID: reg",
                "CSeq: 2 REGISTER", "Contact: " + contact + ";expires=300", "Content-Length: 0", "");
    }

    private static SipMessage invite(String peer, String requestUri, String to) throws SipParseException {
        return sent(peer, "INVITE " + requestUri + " SIP/2.0", "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK2",
                "From: <sip:2001@pbx.example.com>;tag=3", "To: " + to, "Call-ID: call", "CSeq: 1 INVITE",
                "Content-Length: 0", "");
    }

    @Test
    void anInviteToTheRegisteredContactOrAorIsAddressedToThePhone() throws SipParseException {
        SipMessage ok = registered("<sip:alice@203.0.113.45:40312;ob>");
        // the Request-URI is the stored Contact (its parameters do not matter)
        assertTrue(invite("203.0.113.45:40312", "sip:alice@203.0.113.45:40312;ob", "<sip:alice@pbx.example.com>")
                .isAddressedTo(ok));
        // the To is the registered AOR, sent where the registration came from
        assertTrue(invite("203.0.113.45:5070", "sip:alice@phone.example.net", "<sip:alice@pbx.example.com>")
                .isAddressedTo(ok));
        // the same AOR sent elsewhere (a voicemail server, a trunk) is not the phone
        assertFalse(invite("198.51.100.7:5060", "sip:alice@vm.example.com", "<sip:alice@pbx.example.com>")
                .isAddressedTo(ok));
        // another user on the same address is not this registration
        assertFalse(invite("203.0.113.45:40312", "sip:bob@203.0.113.45:40312", "<sip:bob@pbx.example.com>")
                .isAddressedTo(ok));
        // a response is addressed to nobody's registration
        assertFalse(ok.isAddressedTo(ok));
    }

    @Test
    void theSizeIsWhatWentOverTheWire() throws SipParseException {
        String[] lines = {"MESSAGE sip:bob@pbx.example.com SIP/2.0", "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK3",
            "From: \"Zoë\" <sip:zoe@pbx.example.com>;tag=4", "To: <sip:bob@pbx.example.com>", "Call-ID: m1",
            "CSeq: 1 MESSAGE", "Content-Length: 12", "", "Grüße, 😀"};
        String wire = String.join("\r\n", lines);
        SipMessage crlf = sent("192.0.2.20:5060", lines);
        assertEquals(wire.getBytes(StandardCharsets.UTF_8).length, crlf.getSize(), "UTF-8 bytes, CRLF as written");
        // a log that turned CRLF into LF lost one byte a line: counted back
        SipParser.Result parsed = SipParser.parse(List.of(lines), 0);
        SipMessage lf = new SipMessage(Instant.parse("2026-03-04T10:00:00Z"), new Origin("phone.log", 1, Role.SOFTPHONE),
                Direction.SENT, "UDP", "192.0.2.20:5060", parsed.message(), String.join("\n", lines));
        assertEquals(crlf.getSize(), lf.getSize());
        assertEquals(lf.getSize(), lf.getSize(), "asked twice");
        // only two-byte characters (Latin-1), and only ASCII: counted without encoding
        for (String body : new String[] {"Grüße, Zoë!", "Hello there"}) {
            String[] plain = lines.clone();
            plain[plain.length - 1] = body;
            assertEquals(String.join("\r\n", plain).getBytes(StandardCharsets.UTF_8).length,
                    sent("192.0.2.20:5060", plain).getSize(), body);
        }
    }
}
