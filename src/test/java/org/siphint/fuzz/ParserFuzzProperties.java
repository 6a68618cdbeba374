package org.siphint.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

import org.siphint.dialect.Dialect;
import org.siphint.dialect.DialectReader;
import org.siphint.dialect.Dialects;
import org.siphint.dialect.LogContext;
import org.siphint.dialect.LogText;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;
import org.siphint.sip.HeaderValues;
import org.siphint.sip.Redactor;
import org.siphint.sip.SdpParser;
import org.siphint.sip.SipParseException;
import org.siphint.sip.SipParser;

/**
 * Fuzzing of everything that reads log text: the SIP and SDP parsers, the header helpers, the
 * redactor and every dialect, fed with mutated real logs and random text. Nothing may throw
 * (other than the parser's own {@link SipParseException}), hang, or let a credential through.
 * The number of tries per property is {@code jqwik.tries.default} (README, "Tests").
 */
class ParserFuzzProperties {

    @Provide
    Arbitrary<List<String>> logs() {
        return LogMutations.mutatedLog();
    }

    @Provide
    Arbitrary<String> junk() {
        return LogMutations.junkText();
    }

    @Property
    void sipParserFailsOnlyWithItsOwnErrorAndAlwaysMovesOn(@ForAll("logs") List<String> lines) {
        int i = 0;
        int messages = 0;
        while (i < lines.size() && messages < 10_000) {
            if (!SipParser.isStartLine(lines.get(i).trim())) {
                i++;
                continue;
            }
            try {
                SipParser.Result r = SipParser.parse(lines, i);
                assertTrue(r.end() > i && r.end() <= lines.size(), "end " + r.end() + " after " + i);
                assertNotNull(r.message());
                r.message().header("Call-ID");
                r.message().cseqNumber();
                i = r.end();
                messages++;
            } catch (SipParseException e) {
                i++;
            }
        }
    }

    @Property
    void sdpParserTakesAnyBody(@ForAll("logs") List<String> lines, @ForAll("junk") String junk) {
        SdpParser.parse(String.join("\n", lines));
        SdpParser.parse(junk);
        SdpParser.parse("v=0\nm=" + junk + "\na=rtpmap:" + junk + "\nc=" + junk);
    }

    @Property
    void headerHelpersTakeAnyValue(@ForAll("junk") String value) {
        HeaderValues.splitList(value);
        HeaderValues.param(value, "tag");
        HeaderValues.uri(value);
        HeaderValues.aor(value);
        HeaderValues.user(value);
        HeaderValues.host(value);
        HeaderValues.hostOf(value);
        HeaderValues.viaHost(value);
        HeaderValues.viaSentBy(value);
        HeaderValues.viaTransport(value);
        HeaderValues.authParam(value, "realm");
        LogText.clean(value);
        Redactor.line(value);
        Redactor.text(value);
    }

    @Property
    void everyDialectReadsAnyLog(@ForAll("logs") List<String> lines) {
        for (Dialect dialect : Dialects.all()) {
            readAll(dialect.open(context()), lines);
        }
        readAll(Dialects.detecting(context()), lines);
    }

    @Property
    void everyDialectReadsRandomLines(@ForAll("junk") String a, @ForAll("junk") String b, @ForAll("logs") List<String> log) {
        List<String> lines = new ArrayList<>(log);
        lines.add(Math.min(lines.size(), 3), a);
        lines.add(b);
        for (Dialect dialect : Dialects.all()) {
            readAll(dialect.open(context()), lines);
            dialect.score(a);
        }
    }

    /** Secrets in every form a log carries them never survive redaction, whatever surrounds them. */
    /** The guessed-format reader with any log prefix repeated on every line of a mutated log. */
    @Property
    void anyTextReadsLogsBehindAnyPrefix(@ForAll("junk") String prefix, @ForAll("logs") List<String> log) {
        String p = prefix.replace('\n', ' ').replace('\r', ' ');
        readAll(new org.siphint.dialect.anytext.AnyTextDialect().open(context()), log.stream().map(l -> p + l).toList());
    }

    @Property
    void secretsNeverSurviveRedaction(@ForAll @AlphaChars @NumericChars @StringLength(min = 12, max = 40) String secret,
                                      @ForAll("junk") String around) {
        String clean = around.replace("\n", " ").replace("\r", " ");
        // a secret of nines inside a CSeq number of the surrounding text is not a secret that leaked
        Assume.that(!clean.contains(secret));
        List<String> forms = List.of(
                "Authorization: Digest username=\"alice\", realm=\"pbx\", response=\"" + secret + "\"",
                "Proxy-Authorization: Digest username=\"alice\",realm=\"pbx\",nonce=\"n\",response=" + secret,
                "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + secret + "|2^31",
                "Contact: <sip:alice:" + secret + "@192.0.2.1>",
                "password=" + secret,
                "secret = \"" + secret + "\"");
        for (String form : forms) {
            String line = clean.length() > 40 ? form : clean + " " + form;
            String redacted = Redactor.line(line);
            assertFalse(redacted.contains(secret), "secret kept in: " + redacted);
            assertFalse(Redactor.text(clean + "\n" + form + "\n" + clean).contains(secret));
        }
    }

    private static LogContext context() {
        return new LogContext("fuzz.log", null, LocalDate.of(2025, 3, 4), ZoneId.of("UTC"));
    }

    private static void readAll(DialectReader reader, List<String> lines) {
        List<LogEvent> events = new ArrayList<>();
        long n = 0;
        for (String line : lines) {
            reader.line(line, ++n, events::add);
            long held = reader.firstHeldLine();
            assertTrue(held <= n, "holds line " + held + " after line " + n);
        }
        reader.flush(events::add);
        for (LogEvent e : events) {
            assertNotNull(e.getTime());
            assertNotNull(e.getOrigin());
            assertTrue(e.getOrigin().line() >= 1 && e.getOrigin().line() <= n, "line " + e.getOrigin().line());
            e.getEvidenceText();
            if (e instanceof SipMessage sip) {
                sip.getAccount();
                sip.getAudioCodecs();
                sip.getStartLine();
            }
        }
    }

    static Arbitrary<Integer> unused() {
        return Arbitraries.integers();
    }
}
