package org.siphint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.siphint.finding.Finding;

/** Log text is hostile: the report shows it and never runs it. */
class ReportSafetyTest {

    static final String HOSTILE = "src/test/resources/report/hostile/call-hostile.log";

    static String hostilePage() throws Exception {
        RecordedReplay r = RecordedReplay.of(null, Path.of(HOSTILE));
        Finding f = r.finding("sip-488");
        return HtmlReport.render(f.callId(), List.of(new HtmlReport.Section(f, r.ladder(f))), ZoneId.of("UTC"));
    }

    @Test
    void markupFromTheLogIsEscapedEverywhere() throws Exception {
        String page = hostilePage();
        assertFalse(page.contains("<img"), "an <img> from the log");
        assertFalse(page.contains("<b>Acceptable"), "a <b> from the reason phrase");
        assertEquals(2, count(page, "<script"), "only the data block and the page's own script");
        assertEquals(2, count(page, "</script>"));
        assertTrue(page.contains("488 Not &lt;b&gt;Acceptable&lt;/b&gt; Here"), "the reason phrase as text in the SVG");
        assertTrue(page.contains("&lt;/script&gt;&lt;script&gt;alert(3)"), "the Server header as the peer's name");
        // the message texts travel as JSON with every < > & escaped
        Matcher data = Pattern.compile("<script type=\"application/json\" id=\"siphint-messages\">(.*?)</script>",
                Pattern.DOTALL).matcher(page);
        assertTrue(data.find());
        String json = data.group(1);
        assertFalse(json.contains("<") || json.contains(">") || json.contains("&"), json);
        assertTrue(json.contains("\\u003cimg src=x onerror=alert(1)\\u003e\\u003cscript\\u003ealert(2)"), json);
    }

    @Test
    void thePolicyAllowsOnlyThePagesOwnScriptByItsHash() throws Exception {
        String page = hostilePage();
        Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(page);
        assertTrue(csp.find(), "a CSP meta");
        String policy = csp.group(1).replace("&#39;", "'");
        assertTrue(policy.startsWith("default-src 'none';"), policy);
        assertFalse(policy.contains("unsafe-inline'; img") && policy.contains("script-src 'unsafe-inline'"), policy);
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(page);
        assertTrue(script.find());
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
        assertTrue(policy.contains("script-src 'sha256-" + hash + "'"), policy);
        assertTrue(page.indexOf("Content-Security-Policy") < page.indexOf("<script"), "the policy comes before any script");
        assertFalse(page.contains("http://") && page.replace("http://www.w3.org/2000/svg", "").contains("http://"),
                "nothing is loaded from the network");
        assertFalse(page.contains("https://"));
    }

    @Test
    void escapeAndJsonHandleEveryDangerousCharacter() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;", HtmlText.escape("<a href=\"x\" title='y'>&"));
        assertEquals("bell\uFFFDtab\tnl\n", HtmlText.escape("bell\u0007tab\tnl\n"));
        assertEquals("[\"\\u003c/script\\u003e\\u0026\\u2028\\u2029\"]", HtmlText.json(List.of("</script>&\u2028\u2029")));
    }

    @Test
    void fileNamesNeverCarryTheCallId() {
        Finding hostile = finding("sip-488", "../../etc/passwd <x>");
        String id = ReportNames.id(hostile);
        assertTrue(ReportNames.FILE.matcher(ReportNames.fileName(id)).matches(), id);
        assertTrue(id.startsWith("sip-488-"), id);
        assertEquals(id, ReportNames.id(finding("sip-488", "../../etc/passwd <x>")), "stable for one call");
        assertNotEquals(id, ReportNames.id(finding("sip-488", "other")));
        assertEquals("finding-" + ReportNames.hash("../x"), ReportNames.id(finding("../..", "../x")));
        assertTrue(ReportNames.FILE.matcher(ReportNames.fileName(ReportNames.id(finding("sip-401", null)))).matches());
    }

    static Finding finding(String situation, String callId) {
        return new Finding(situation, null, "error", "t", Instant.parse("2026-03-04T11:32:07Z"), callId, null, "s", "e",
                List.of(), List.of(), List.of(), "r");
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
