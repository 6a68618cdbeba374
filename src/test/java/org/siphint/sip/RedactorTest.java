package org.siphint.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void digestCredentialsKeepOnlyTheSchemeAndRealm() {
        String line = "Authorization: Digest username=\"1001\", realm=\"asterisk\", nonce=\"abc\", "
                + "uri=\"sip:x\", response=\"6b2b2f1c9e\", algorithm=MD5, cnonce=\"xyz\", qop=auth, nc=00000001";
        String out = Redactor.line(line);
        assertEquals("Authorization: Digest realm=\"asterisk\", " + Redactor.MASK, out);
        String proxy = Redactor.line("proxy-authorization:Digest username=\"a\",response=\"ff\"");
        assertFalse(proxy.contains("ff") || proxy.contains("\"a\""), proxy);
    }

    @Test
    void passwordsInUrisConfigTextAndSrtpKeysAreMasked() {
        assertEquals("To: <sip:alice:" + Redactor.MASK + "@example.com>", Redactor.line("To: <sip:alice:s3cret@example.com>"));
        assertFalse(Redactor.line("password=hunter2 secret: 'x y'").contains("hunter2"));
        String crypto = Redactor.line("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9");
        assertTrue(crypto.endsWith("inline:" + Redactor.MASK), crypto);
    }

    @Test
    void ordinaryLinesCostNothingAndStayTheSame() {
        String line = "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776;rport";
        assertSame(line, Redactor.line(line));
        String text = "INVITE sip:bob@example.com SIP/2.0\nContact: <sip:alice@192.0.2.1:5060;ob>\nVia: SIP/2.0/UDP 192.0.2.1:5060";
        assertFalse(Redactor.mayHoldSecret(text));
        assertTrue(Redactor.mayHoldSecret("x\nAUTHORIZATION: Digest"));
        assertTrue(Redactor.mayHoldSecret("From: <sips:bob:pw@example.com>"));
    }
}
