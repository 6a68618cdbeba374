package org.siphint.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SdpParserTest {

    @Test
    void readsAddressesCodecsDirectionAndSecurity() {
        Sdp sdp = SdpParser.parse("""
                v=0
                o=- 1 1 IN IP4 192.168.1.20
                s=-
                c=IN IP4 192.168.1.20
                t=0 0
                a=sendonly
                m=audio 4000 RTP/SAVP 0 8 101
                a=rtpmap:101 telephone-event/8000
                a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc
                m=video 0 RTP/AVP 96
                c=IN IP6 2001:db8::5
                a=rtpmap:96 H264/90000
                a=inactive
                """);
        Sdp.Media audio = sdp.audio();
        assertEquals("192.168.1.20", audio.address());
        assertEquals(4000, audio.port());
        assertEquals(List.of("PCMU", "PCMA", "telephone-event"), audio.codecs());
        assertEquals(List.of("PCMU", "PCMA"), audio.voiceCodecs());
        assertEquals("sendonly", audio.direction());
        assertTrue(audio.secure());
        assertTrue(audio.crypto());
        Sdp.Media video = sdp.media().get(1);
        assertEquals(0, video.port());
        assertEquals("2001:db8::5", video.address());
        assertEquals("inactive", video.direction());
        assertFalse(video.secure());
    }

    @Test
    void defaultsToSendrecvAndIgnoresJunk() {
        Sdp sdp = SdpParser.parse("v=0\nnonsense\nm=audio x RTP/AVP 18\nc=IN\n");
        assertEquals("sendrecv", sdp.audio().direction());
        assertEquals(-1, sdp.audio().port());
        assertEquals(List.of("G729"), sdp.audio().codecs());
        assertNull(sdp.audio().address());
        assertNull(SdpParser.parse("hello\nworld\n"));
        assertNull(SdpParser.parse(""));
    }
}
