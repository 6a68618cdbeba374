package org.siphint.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.finding.Finding;

class NotificationTextTest {

    static Finding finding(String title, String summary, String fix) {
        return new Finding("sip-488", "codecs", "error", title, Instant.parse("2026-03-04T11:32:07Z"), "abc@host",
                "sip:1001@pbx.example.com", summary, "What it means.", List.of(fix, "Second step."),
                List.of("Admin step."), List.of(), "rule");
    }

    @Test
    void markupFromLogsIsShownLiterally() {
        String hostile = "<b>Boss</b> &amp; <a href=\"http://x\">x</a> <img src=x> 'q' <sip:tom@example.com>";
        String escaped = NotificationText.escapeMarkup(hostile);
        assertEquals("&lt;b&gt;Boss&lt;/b&gt; &amp;amp; &lt;a href=&quot;http://x&quot;&gt;x&lt;/a&gt; &lt;img src=x&gt; "
                + "&apos;q&apos; &lt;sip:tom@example.com&gt;", escaped);
        assertFalse(escaped.contains("<") || escaped.contains(">") || escaped.contains("\""));
    }

    @Test
    void escapingDropsControlCharactersButKeepsTheLineBreak() {
        assertEquals("a\nbc", NotificationText.escapeMarkup("a\nb\u0000\u001bc"));
    }

    @Test
    void boundCutsOnCodePointsAndMarksTheCut() {
        String emoji = "\uD83D\uDCDE"; // one code point, two chars
        String s = "ab" + emoji + emoji + "cd";
        assertEquals(s, NotificationText.bound(s, 6));
        assertEquals("ab" + emoji + "\u2026", NotificationText.bound(s, 4));
        String cut = NotificationText.bound(emoji.repeat(100), 80);
        assertEquals(80, cut.codePointCount(0, cut.length()));
        assertTrue(cut.endsWith("\u2026"));
    }

    @Test
    void utf16BoundNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDCDE";
        // 62 ASCII chars then an emoji: the 63rd and 64th UTF-16 units are the pair
        String s = "x".repeat(62) + emoji + "tail";
        String cut = NotificationText.boundUtf16(s, 63);
        assertTrue(cut.length() <= 63, cut.length() + "");
        assertTrue(cut.endsWith("\u2026"));
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < cut.length() && Character.isLowSurrogate(cut.charAt(i + 1)), "broken pair at " + i);
            }
        }
        String pairs = emoji.repeat(200);
        String cutPairs = NotificationText.boundUtf16(pairs, 255);
        assertTrue(cutPairs.length() <= 255);
        assertEquals(cutPairs.codePoints().filter(Character::isSupplementaryCodePoint).count() * 2 + 1, cutPairs.length());
        assertEquals("short", NotificationText.boundUtf16("short", 63));
    }

    @Test
    void popUpTextIsBoundedOneLineTitleAndSummaryWithTheFirstFix() {
        NotificationText t = NotificationText.of(finding("T".repeat(200), "Line one\nstill one " + "s".repeat(600), "Enable PCMU."));
        assertEquals(NotificationText.TITLE_MAX, t.title().codePointCount(0, t.title().length()));
        assertTrue(t.body().codePointCount(0, t.body().length()) <= NotificationText.BODY_MAX);
        assertTrue(t.body().startsWith("Line one still one s"), t.body());

        NotificationText small = NotificationText.of(finding("Refused", "The call was refused.", "Enable PCMU."));
        assertEquals("Refused", small.title());
        assertEquals("The call was refused.\nTry: Enable PCMU.", small.body());
    }

    @Test
    void oneLineFoldsBreaksAndDropsBidiOverridesAndBrokenSurrogates() {
        assertEquals("a b c\uD83D\uDCDE", NotificationText.oneLine(" a\r\n b\u202E\tc\uD800\uD83D\uDCDE\uDC00 "));
    }

    @Test
    void fileNamesCarryNoLogText() {
        assertEquals("sip-488", NotificationText.fileSafe("sip-488"));
        assertEquals("---etc-passwd", NotificationText.fileSafe("../etc/passwd"));
        assertEquals("finding", NotificationText.fileSafe(null));
    }
}
