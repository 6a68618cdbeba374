package org.siphint.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HeaderValuesTest {

    private static final String CHALLENGE = "Digest realm=\"asterisk\",nonce=\"1772619121/57513064d6d5\","
            + "opaque=\"0335b400141212b6\",algorithm=MD5,qop=\"auth\"";

    @Test
    void aDigestParameterQuotedOrNot() {
        assertEquals("asterisk", HeaderValues.authParam(CHALLENGE, "realm"));
        assertEquals("MD5", HeaderValues.authParam(CHALLENGE, "algorithm"));
        assertEquals("auth", HeaderValues.authParam(CHALLENGE, "qop"));
        assertNull(HeaderValues.authParam(CHALLENGE, "stale"));
        assertNull(HeaderValues.authParam(null, "realm"));
    }

    @Test
    void namesInAnyCaseWithSpacesAroundTheEqualsSign() {
        assertEquals("sip.example.com", HeaderValues.authParam("Digest REALM = \"sip.example.com\", NONCE=\"x\"", "realm"));
        assertEquals("TRUE", HeaderValues.authParam("Digest realm=\"a\", Stale=TRUE, nonce=\"n\"", "stale"));
    }

    @Test
    void onlyAWholeParameterNameCounts() {
        // "cnonce" is not "nonce", and a name inside another parameter's quoted value is not one
        assertEquals("abc", HeaderValues.authParam("Digest cnonce=\"zzz\", nonce=\"abc\"", "nonce"));
        assertNull(HeaderValues.authParam("Digest username=\"myrealm\", cnonce=\"x\"", "realm"));
        // a dotted capital I lower-cases to two characters: the indexes must still be the value's
        assertEquals("r", HeaderValues.authParam("Digest username=\"\u0130\u0130\u0130\", realm=\"r\"", "realm"));
    }
}
