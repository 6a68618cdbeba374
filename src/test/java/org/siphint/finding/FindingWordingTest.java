package org.siphint.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.TestRules;
import org.siphint.event.Role;

/** The sentences a person reads, rendered from real sample logs with the shipped rules and catalog. */
class FindingWordingTest {

    @Test
    void codecRefusalNamesWhatThePbxAcceptsAsAReadableList() throws Exception {
        List<Finding> findings = TestRules.replay(Role.PBX, Path.of("sample-logs/asterisk/call-not-acceptable.log"));
        Finding refused = findings.stream().filter(f -> f.situation().equals("sip-488")).findFirst()
                .orElseThrow(() -> new AssertionError("no sip-488 among " + findings));
        assertEquals("The call to sip:1002@pbx.example.com was refused because none of the offered codecs (G729)"
                + " is acceptable (the PBX accepts only ulaw, alaw).", refused.summary());
    }

    /** baresip's RTP timeout is the phone's own doing, told to its user: no PBX and no channel. */
    @Test
    void aSoftphonesRtpTimeoutIsToldAsThePhoneEndingTheCall() throws Exception {
        List<Finding> findings = TestRules.replay(null, Path.of("sample-logs/lab/one-way-audio/baresip.log"));
        assertEquals(1, findings.size(), findings::toString);
        assertEquals("phone-rtp-timeout", findings.get(0).cause());
        assertEquals("Your phone ended the call because no audio arrived from the other side for 10 s: you could"
                + " not hear them.", findings.get(0).summary());
    }

    /** baresip 1.0 writes no time, so its log cannot say how long the early media was silent: no "0 s". */
    @Test
    void silentEarlyMediaInALogWithoutTimesSaysNoDuration() throws Exception {
        List<Finding> findings = TestRules.replay(null, Path.of("sample-logs/lab/no-ringback-183/baresip.log"));
        assertEquals(1, findings.size(), findings::toString);
        assertEquals("silent-early-media", findings.get(0).cause());
        assertFalse(findings.get(0).summary().contains(" in 0 s"), findings.get(0).summary());
        assertTrue(findings.get(0).summary().endsWith("but no audio packet arrived."), findings.get(0).summary());
    }

    /** A capture has the packets' times: the same finding names how long the silence lasted. */
    @Test
    void silentEarlyMediaInACaptureSaysHowLong() throws Exception {
        List<Finding> findings = TestRules.replay(null, Path.of("sample-logs/capture/proxy-no-ringback-183.pcap"));
        assertEquals(1, findings.size(), findings::toString);
        assertEquals("The call to sip:100@127.0.0.1:20360 got 183 with early media from 127.0.0.1, but no audio"
                + " packet arrived in 12 s.", findings.get(0).summary());
    }
}
