package org.siphint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.siphint.event.Direction;
import org.siphint.event.Role;

class AddressBookTest {

    @Test
    void aRegistrarsAnswerListsThePhonesContactNotItsOwn() {
        AddressBook book = new AddressBook();
        book.learn(CallRecorderTest.message("pbx.log", Role.PBX, Direction.SENT, "198.51.100.23:52841",
                "SIP/2.0 200 OK", "Via: SIP/2.0/UDP 192.168.0.14:52841;rport=52841;received=198.51.100.23;branch=z9hG4bK1",
                "From: <sip:1001@pbx.example.com>;tag=1", "To: <sip:1001@pbx.example.com>;tag=2", "Call-ID: reg-1",
                "CSeq: 2 REGISTER", "Contact: <sip:1001@198.51.100.23:52841;transport=UDP>;expires=59",
                "Content-Length: 0", ""));
        assertNull(book.ownerOf("198.51.100.23:52841"), "the phone's address is not the PBX's");
        book.learn(CallRecorderTest.message("pbx.log", Role.PBX, Direction.SENT, "203.0.113.50:5060",
                "INVITE sip:4930123456@203.0.113.50 SIP/2.0", "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK2",
                "From: <sip:+4930555000@pbx.example.com>;tag=3", "To: <sip:4930123456@203.0.113.50>", "Call-ID: leg-1",
                "CSeq: 1 INVITE", "Contact: <sip:asterisk@192.0.2.10:5060>", "Content-Length: 0", ""));
        assertEquals("pbx.log", book.ownerOf("192.0.2.10:5060"), "the Contact of what it sends otherwise is its own");
    }
}
