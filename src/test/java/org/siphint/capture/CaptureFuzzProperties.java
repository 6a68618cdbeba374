package org.siphint.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The pcap and pcapng readers and the packet decoder fed with the real sample captures damaged at
 * random: bytes overwritten (lengths that lie, headers of nonsense), ranges cut out or repeated,
 * files cut short. Reading must end, with every event it made kept and at most the reader's own
 * error, never another exception.
 */
class CaptureFuzzProperties {

    private static final List<Path> SAMPLES = List.of(Path.of("sample-logs/capture/big-invite.pcap"),
            Path.of("sample-logs/capture/big-invite.pcapng"), Path.of("sample-logs/capture/call-488-tcp.pcap"));

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        Arbitrary<byte[]> sample = Arbitraries.of(SAMPLES).map(CaptureFuzzProperties::bytes);
        return sample.flatMap(b -> Arbitraries.integers().between(0, 3).flatMap(kind -> Arbitraries.integers()
                .between(0, b.length - 1).list().ofMinSize(1).ofMaxSize(12).map(points -> damage(b, kind, points))));
    }

    private static byte[] damage(byte[] original, int kind, List<Integer> points) {
        byte[] b = original.clone();
        switch (kind) {
            case 0 -> { // overwrite bytes with values that make lengths lie
                int k = 0;
                for (int p : points) {
                    b[p] = (byte) (k++ % 3 == 0 ? 0xff : k % 3 == 1 ? 0 : p);
                }
                return b;
            }
            case 1 -> { // cut short
                return java.util.Arrays.copyOf(b, Math.max(4, points.get(0)));
            }
            case 2 -> { // a range cut out of the middle
                int from = Math.min(points.get(0), points.get(points.size() - 1));
                int to = Math.max(points.get(0), points.get(points.size() - 1));
                return Pcaps.concat(java.util.Arrays.copyOf(b, Math.max(4, from)), java.util.Arrays.copyOfRange(b, to, b.length));
            }
            default -> { // a range repeated
                int from = Math.min(points.get(0), points.get(points.size() - 1));
                int to = Math.max(points.get(0), points.get(points.size() - 1));
                return Pcaps.concat(java.util.Arrays.copyOf(b, to), java.util.Arrays.copyOfRange(b, from, b.length));
            }
        }
    }

    @Property
    void damagedCapturesEndWithTheirEventsAndAtMostAClearError(@ForAll("damaged") byte[] capture) throws IOException {
        try {
            Pcaps.Read read = Pcaps.read(capture);
            assertTrue(read.events().size() < 100, "no more messages than packets");
            if (read.problem() != null) {
                assertTrue(read.problem().startsWith("capture.pcap: "), read.problem());
            }
        } catch (CaptureFormatException e) {
            assertTrue(e.getMessage().startsWith("capture.pcap: "), e.getMessage()); // the file header itself
        }
    }

    @Property
    void randomBytesAfterAValidHeaderNeverThrowOtherErrors(@ForAll("noise") byte[] noise) throws IOException {
        byte[] head = java.util.Arrays.copyOf(bytes(SAMPLES.get(0)), 24);
        try {
            Pcaps.read(Pcaps.concat(head, noise));
        } catch (CaptureFormatException e) {
            assertTrue(e.getMessage().startsWith("capture.pcap: "));
        }
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4000);
    }
}
