package org.siphint.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The prefilter decides which text skips redaction, so a miss leaks a secret: it must find every
 * trigger word in any ASCII case, anywhere, and agree with the plain definition (lower-case the
 * text and look for each word) on arbitrary text.
 */
class RedactorPrefilterProperties {

    private static final String[] TRIGGERS = {"authorization", "response=", "nonce", "password", "passwd", "secret",
            "pwd", "md5_cred", "inline:", "mikey", "username="};

    @Property(tries = 2000)
    void findsEveryTriggerInAnyCaseAnywhere(@ForAll("textWithTrigger") String text) {
        assertTrue(Redactor.mayHoldSecret(text), text);
    }

    @Property(tries = 3000)
    void agreesWithThePlainDefinition(@ForAll("sipLikeText") String text) {
        String lower = asciiLower(text);
        boolean expected = URI_PASSWORD.matcher(text).find();
        for (String t : TRIGGERS) {
            expected |= lower.contains(t);
        }
        assertEquals(expected, Redactor.mayHoldSecret(text), text);
    }

    /** sip:user:password@ or sips:, as the prefilter scans for it. */
    private static final Pattern URI_PASSWORD = Pattern.compile("(?i)sips?:[^\\x00-\\x20<>\";,/@]*:[^\\x00-\\x20<>\";,/@]*@");

    @Provide
    Arbitrary<String> textWithTrigger() {
        Arbitrary<String> word = Arbitraries.of(TRIGGERS).flatMap(t -> Arbitraries.integers().between(0, (1 << Math.min(t.length(), 20)) - 1)
                .map(mask -> mixCase(t, mask)));
        return Combinators.combine(sipLikeText(), word, sipLikeText()).as((a, w, b) -> a + w + b);
    }

    @Provide
    Arbitrary<String> sipLikeText() {
        // the letters of the triggers and their neighbours, punctuation, digits, a non-ASCII letter
        return Arbitraries.strings().withChars("aAuUtThHoOrRiIzZnNsSpPwWdDcCeEmMkKyY5_=:;@<>\" \n\u00e9\u0130")
                .ofMinLength(0).ofMaxLength(60);
    }

    private static String mixCase(String s, int mask) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append((mask & (1 << (i % 20))) != 0 ? Character.toUpperCase(c) : c);
        }
        return b.toString();
    }

    private static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c);
        }
        return b.toString();
    }
}
