package org.siphint.dialect.kamailio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.dialect.RecordedLogHarness;
import org.siphint.dialect.Dialects;
import org.siphint.event.LogNotice;

/** Kamailio 5.6 stderr lines recorded in the lab, and the syslog form of the same records. */
class KamailioDialectTest {

    static final String STDERR = """
            Listening on\s
                         udp: 127.0.0.1 [127.0.0.1]:20120
             0(9410) INFO: <core> [main.c:3055]: main(): processes (at least): 6 - shm size: 16777216 - pkg size: 4194304
             1(9412) NOTICE: <script>: REGISTER of sip:alice@127.0.0.1:20120 from 127.0.0.1:20122 not authorized (Call-ID 595f58d04df472b4)
             1(2342) WARNING: sanity [sanity.c:612]: check_cl(): content length header missing in request
             0(9410) NOTICE: <core> [main.c:733]: handle_sigs(): Thank you for flying kamailio!!!
            """;

    static final String SYSLOG = """
            Nov 26 01:25:23 lab kamailio[9412]: ERROR: <core> [core/udp_server.c:599]: udp_send(): sendto(sock, buf: 0x7f, len: 412, 0, dst: (127.0.0.1:20122), tolen: 16) - err: Connection refused (111)
            2026-11-26T01:25:24.500000+00:00 lab /usr/sbin/kamailio[9412]: NOTICE: <script>: INVITE to sip:bob@127.0.0.1: no registered contact
            """;

    @Test
    void scriptLinesBecomeNoticesAndInfoLinesAreLeftOut() {
        List<LogNotice> notices = RecordedLogHarness.only(RecordedLogHarness.read(new KamailioDialect(), STDERR), LogNotice.class);
        assertEquals(1, notices.size(), "only the script line: warnings of the core and modules are not errors");
        assertEquals(KamailioDialect.SCRIPT, notices.get(0).getKind());
        assertTrue(notices.get(0).getText().startsWith("REGISTER of sip:alice@127.0.0.1:20120"));
        assertEquals(4, notices.get(0).getOrigin().line());
    }

    @Test
    void syslogLinesHaveTheirTimeAndSendFailuresTheirDestination() {
        List<LogNotice> notices = RecordedLogHarness.only(RecordedLogHarness.read(new KamailioDialect(), SYSLOG), LogNotice.class);
        assertEquals(2, notices.size());
        LogNotice failed = notices.get(0);
        assertEquals(KamailioDialect.SEND_FAILED, failed.getKind());
        assertEquals("127.0.0.1:20122", failed.getPeer());
        assertEquals("udp_send", failed.get("function"));
        assertEquals(Instant.parse("2026-11-26T01:25:23Z"), failed.getTime());
        assertEquals(Instant.parse("2026-11-26T01:25:24.5Z"), notices.get(1).getTime());
    }

    /** Recorded in the lab's call-tcp-refused: the far end's TCP port is closed. */
    static final String TCP_REFUSED = """
             1(29974) ERROR: <core> [core/tcp_main.c:2992]: tcpconn_1st_send(): connect 127.0.0.1:20764 failed (RST) Connection refused
             1(29974) ERROR: <core> [core/tcp_main.c:3001]: tcpconn_1st_send(): 127.0.0.1:20764: connect & send for 0x7ff467a8d1a0 (sock 6) failed: Connection refused (111)
             1(29974) ERROR: tm [../../core/forward.h:261]: msg_send_buffer(): tcp_send failed
            """;

    @Test
    void aRefusedConnectionIsATransportFailureToItsPeer() {
        List<LogNotice> notices = RecordedLogHarness.only(RecordedLogHarness.read(new KamailioDialect(), TCP_REFUSED), LogNotice.class);
        assertEquals(List.of(LogNotice.TRANSPORT_FAILED, LogNotice.TRANSPORT_FAILED, KamailioDialect.SEND_FAILED),
                notices.stream().map(LogNotice::getKind).toList());
        for (LogNotice refused : notices.subList(0, 2)) {
            assertEquals("127.0.0.1:20764", refused.getPeer());
            assertEquals("tcp-refused", refused.get("cause"));
            assertEquals("TCP", refused.get("transport"));
            assertEquals("Connection refused", refused.get("reason"));
        }
    }

    /** resolve.c's sip_hostport2su() and proxy.c's mk_proxy() when a next hop's name has no address. */
    static final String UNRESOLVED = """
            Dec  6 10:15:02 pbx kamailio[2211]: ERROR: <core> [core/resolve.c:1728]: sip_hostport2su(): could not resolve hostname: "trunk.example.invalid"
            Dec  6 10:15:02 pbx kamailio[2211]: CRITICAL: <core> [core/proxy.c:265]: mk_proxy(): could not resolve hostname: "trunk.example.invalid" (0 results)
            Dec  6 10:15:03 pbx kamailio[2211]: ERROR: <core> [core/resolve.c:1728]: sip_hostport2su(): could not resolve hostname: "10.0.0.9"
             1(5030) ERROR: tm [ut.h:309]: uri2dst2(): failed to resolve "trunk.siplab.invalid"
            """;

    @Test
    void aNameThatDoesNotResolveIsADnsFailure() {
        List<LogNotice> notices = RecordedLogHarness.only(RecordedLogHarness.read(new KamailioDialect(), UNRESOLVED), LogNotice.class);
        assertEquals(List.of(LogNotice.DNS_FAILED, LogNotice.DNS_FAILED, KamailioDialect.SERVER_ERROR, LogNotice.DNS_FAILED),
                notices.stream().map(LogNotice::getKind).toList(), "an address is no name to resolve");
        assertEquals("trunk.siplab.invalid", notices.get(3).get("host"), "tm's line, recorded in the lab's call-name-unresolved");
        assertEquals("trunk.example.invalid", notices.get(1).get("host"));
    }

    @Test
    void aRefusedUdpSendStaysASendFailure() {
        LogNotice failed = RecordedLogHarness.only(RecordedLogHarness.read(new KamailioDialect(), SYSLOG), LogNotice.class).get(0);
        assertEquals(KamailioDialect.SEND_FAILED, failed.getKind());
    }

    @Test
    void isDetectedFromItsLinePrefix() {
        assertEquals("kamailio", Dialects.detect(RecordedLogHarness.lines(STDERR)).orElseThrow().id());
    }
}
