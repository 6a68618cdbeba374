package org.siphint.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Hostile log text for the fuzzing properties: windows of the real sample logs, mutated the way
 * broken logs are (lines dropped, repeated, cut, joined, sprinkled with binary, control and
 * bidi characters, invalid surrogates, absurd numbers), mixed with entirely random lines.
 */
final class LogMutations {

    private static final List<List<String>> SAMPLES = loadSamples();

    private LogMutations() {
    }

    private static List<List<String>> loadSamples() {
        try (Stream<Path> files = Files.walk(Path.of("sample-logs"))) {
            List<List<String>> samples = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                samples.add(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
            return List.copyOf(samples);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Strings a log could hold: any characters, weighted towards the ones parsers trip on. */
    static Arbitrary<String> junkText() {
        Arbitrary<Character> nasty = Arbitraries.of('\u0000', '\r', '\n', '\t', '\u001b', '\u202e', '\ufffd', '\ud800',
                '\udc00', ':', ';', '=', '"', '<', '>', '@', ',', ' ', '[', ']', '/', '\\', '%');
        Arbitrary<Character> any = Arbitraries.chars().all();
        Arbitrary<Character> ascii = Arbitraries.chars().ascii();
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, ascii.list().ofMaxSize(120).map(LogMutations::join)),
                        net.jqwik.api.Tuple.of(1, any.list().ofMaxSize(60).map(LogMutations::join)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.oneOf(nasty, ascii).list().ofMaxSize(80).map(LogMutations::join)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of("Content-Length: 99999999", "Content-Length: -5",
                                "CSeq: 99999999999999999999 INVITE", "SIP/2.0 999", "INVITE  SIP/2.0", "SIP/2.0 20",
                                "m=audio 99999999999 RTP/AVP", "c=IN", "a=rtpmap:", "Via: SIP/2.0/UDP [::1",
                                "--end msg--", "<--- Received SIP request (99 bytes) from UDP:[::1]:5060 --->",
                                "[Mar 32 25:61:61] VERBOSE[1] res_pjsip_logger.c: ", "99:99:99.999 pjsua_core.c .TX",
                                "Authorization: Digest response=", "From: <sip:a:b@c>;tag=", "i:", "l: 5")));
    }

    private static String join(List<Character> chars) {
        StringBuilder s = new StringBuilder(chars.size());
        chars.forEach(s::append);
        return s.toString();
    }

    /** A window of one sample log with mutations applied. */
    static Arbitrary<List<String>> mutatedLog() {
        Arbitrary<Integer> sample = Arbitraries.integers().between(0, SAMPLES.size() - 1);
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMaxSize(12);
        return Combinators.combine(sample, Arbitraries.integers().between(0, 400), Arbitraries.integers().between(1, 200),
                mutations).as((s, from, length, ms) -> {
                    List<String> lines = SAMPLES.get(s);
                    int start = Math.min(from, Math.max(0, lines.size() - 1));
                    List<String> window = new ArrayList<>(lines.subList(start, Math.min(lines.size(), start + length)));
                    for (Mutation m : ms) {
                        m.apply(window);
                    }
                    return window;
                });
    }

    /** One change to a list of lines; positions are taken modulo the list's size. */
    record Mutation(int kind, int at, int pos, String text) {
        void apply(List<String> lines) {
            if (lines.isEmpty()) {
                lines.add(text);
                return;
            }
            int i = Math.floorMod(at, lines.size());
            String line = lines.get(i);
            int p = line.isEmpty() ? 0 : Math.floorMod(pos, line.length() + 1);
            switch (kind) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, line);
                case 2 -> lines.set(i, line.substring(0, p));
                case 3 -> lines.set(i, line.substring(0, p) + text + line.substring(p));
                case 4 -> lines.add(i, text);
                case 5 -> lines.set(i, text);
                case 6 -> {
                    if (i + 1 < lines.size()) {
                        lines.set(i, line + lines.remove(i + 1));
                    }
                }
                default -> lines.add(i, line.repeat(1 + Math.floorMod(pos, 4)));
            }
        }
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.integers(), Arbitraries.integers(),
                junkText()).as(Mutation::new);
    }
}
