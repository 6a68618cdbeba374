package org.siphint.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.siphint.capture.CaptureEvents;
import org.siphint.event.LogEvent;
import org.siphint.event.MediaReport;
import org.siphint.event.SipMessage;

/**
 * How fast a capture is read: a generated, mostly RTP capture (calls with SIP over UDP and 50
 * packets/s of G.711 each way) through the whole capture reading (pcap, Ethernet, IPv4, UDP, RTP
 * measurement, SIP framing and parsing into events), next to {@code tcpdump -r FILE -w /dev/null}
 * on the same file. A benchmark to run by hand, not a test.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx256m -cp target/classes:target/test-classes:$(cat target/cp.txt) org.siphint.bench.CaptureThroughput FILE [PACKETS]
 * </pre>
 *
 * The file is generated when it does not exist (default 4,000,000 packets, about 900 MB). Each
 * reading runs five times (-Druns=N) after a warm-up pass; the heap in use after each is printed.
 */
public final class CaptureThroughput {

    private CaptureThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "target/bench-capture.pcap");
        long packets = args.length > 1 ? Long.parseLong(args[1]) : 4_000_000;
        if (!Files.exists(file)) {
            long[] w = generate(file, packets);
            System.out.printf("generated %s: %d packets, %d calls, %d SIP messages%n", file, w[0], w[1], w[2]);
        }
        double mb = Files.size(file) / 1e6;
        read(file); // warm-up
        for (int i = 0; i < Integer.getInteger("runs", 5); i++) {
            long t0 = System.nanoTime();
            long[] r = read(file);
            double s = (System.nanoTime() - t0) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.gc();
            System.out.printf("siphint: %d packets, %d SIP messages, %d media reports in %.2f s: %.2f M packets/s, %.0f MB/s, heap in use %d MB%n",
                    r[0], r[1], r[2], s, r[0] / s / 1e6, mb / s, (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
        for (int i = 0; i < Integer.getInteger("runs", 5); i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("tcpdump", "-r", file.toString(), "-w", "/dev/null")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("tcpdump ran over 10 minutes");
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("tcpdump -r FILE -w /dev/null: %.2f s: %.2f M packets/s, %.0f MB/s%n", s, packetsIn(file) / s / 1e6, mb / s);
        }
        System.out.println("JVM: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    private static long counted = -1;

    private static long packetsIn(Path file) throws IOException {
        if (counted < 0) {
            counted = read(file)[0];
        }
        return counted;
    }

    /** Packets, SIP messages and media reports read. */
    static long[] read(Path file) throws IOException {
        long sip = 0;
        long media = 0;
        try (CaptureEvents c = CaptureEvents.open(file, file.toString(), null)) {
            LogEvent e;
            while ((e = c.next()) != null) {
                if (e instanceof SipMessage m) {
                    sip += m.getCallId().length() > 0 ? 1 : 0;
                } else if (e instanceof MediaReport) {
                    media++;
                }
            }
            return new long[] {c.packets(), sip, media};
        }
    }

    /**
     * A capture of calls, 200 at a time, each 20 s long: INVITE, 200 with SDP, ACK, RTP both ways every
     * 20 ms, BYE and 200. Returns packets, calls and SIP messages written.
     */
    static long[] generate(Path file, long packets) throws IOException {
        long written = 0;
        long calls = 0;
        long sipMessages = 0;
        int concurrent = 200;
        int rtpPerCall = 2 * 50 * 20;
        byte[] frame = new byte[2048];
        ByteBuffer b = ByteBuffer.wrap(frame);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer head = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            head.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
            out.write(head.array());
            long t = 1_700_000_000_000_000L; // microseconds
            while (written < packets) {
                long batch = calls;
                // set-up of a batch of calls
                for (int c = 0; c < concurrent; c++) {
                    long id = batch + c;
                    for (String msg : setup(id)) {
                        written += write(out, b, t++, (int) (id % 250), msg.startsWith("SIP/2.0") ? 1 : 0, 5060, 5060, msg.getBytes(StandardCharsets.US_ASCII));
                        sipMessages++;
                    }
                }
                calls += concurrent;
                byte[] rtp = new byte[172];
                for (int k = 0; k < rtpPerCall / 2 && written < packets; k++) {
                    for (int c = 0; c < concurrent; c++) {
                        long id = batch + c;
                        for (int dir = 0; dir < 2; dir++) {
                            ByteBuffer r = ByteBuffer.wrap(rtp);
                            r.put((byte) 0x80).put((byte) 0).putShort((short) k).putInt(160 * k).putInt((int) (id * 2 + dir));
                            written += write(out, b, t + (k * 20_000L) + c, (int) (id % 250), dir, port(id, dir), port(id, 1 - dir), rtp);
                        }
                    }
                }
                t += rtpPerCall / 2 * 20_000L + 1000;
                for (int c = 0; c < concurrent; c++) {
                    long id = batch + c;
                    for (String msg : teardown(id)) {
                        written += write(out, b, t++, (int) (id % 250), msg.startsWith("SIP/2.0") ? 1 : 0, 5060, 5060, msg.getBytes(StandardCharsets.US_ASCII));
                        sipMessages++;
                    }
                }
            }
        }
        return new long[] {written, calls, sipMessages};
    }

    private static int port(long id, int dir) {
        return 10000 + (int) (id % 4000) * 2 + dir * 8000 + (dir == 0 ? 0 : 0);
    }

    /** One frame: Ethernet, IPv4 between the phone 10.1.X.1 (side 0) and the PBX 10.0.0.1 (side 1), UDP. */
    private static int write(OutputStream out, ByteBuffer b, long micros, int phone, int fromSide, int srcPort, int dstPort,
                             byte[] payload) throws IOException {
        b.clear();
        b.order(ByteOrder.LITTLE_ENDIAN);
        int frameLength = 14 + 20 + 8 + payload.length;
        b.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frameLength).putInt(frameLength);
        b.order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[12]).putShort((short) 0x0800);
        byte[] a = {10, 1, (byte) phone, 1};
        byte[] pbx = {10, 0, 0, 1};
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload.length)).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(fromSide == 0 ? a : pbx).put(fromSide == 0 ? pbx : a);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        out.write(b.array(), 0, b.position());
        return 1;
    }

    private static String[] setup(long id) {
        String phone = "10.1." + (id % 250) + ".1";
        String head = "Via: SIP/2.0/UDP " + phone + ":5060;branch=z9hG4bK" + id + "\r\nFrom: <sip:u" + id + "@pbx>;tag=f" + id
                + "\r\nTo: <sip:100@pbx>%s\r\nCall-ID: bench-" + id + "\r\n";
        String sdpA = sdp(phone, port(id, 0));
        String sdpB = sdp("10.0.0.1", port(id, 1));
        return new String[] {
            "INVITE sip:100@pbx SIP/2.0\r\n" + head.formatted("") + "CSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: "
                    + sdpA.length() + "\r\n\r\n" + sdpA,
            "SIP/2.0 200 OK\r\n" + head.formatted(";tag=t" + id) + "CSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: "
                    + sdpB.length() + "\r\n\r\n" + sdpB,
            "ACK sip:100@pbx SIP/2.0\r\n" + head.formatted(";tag=t" + id) + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n",
        };
    }

    private static String[] teardown(long id) {
        String phone = "10.1." + (id % 250) + ".1";
        String head = "Via: SIP/2.0/UDP " + phone + ":5060;branch=z9hG4bKbye" + id + "\r\nFrom: <sip:u" + id + "@pbx>;tag=f" + id
                + "\r\nTo: <sip:100@pbx>;tag=t" + id + "\r\nCall-ID: bench-" + id + "\r\n";
        return new String[] {
            "BYE sip:100@pbx SIP/2.0\r\n" + head + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n",
            "SIP/2.0 200 OK\r\n" + head + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n",
        };
    }

    private static String sdp(String address, int port) {
        return "v=0\r\no=- 1 1 IN IP4 " + address + "\r\ns=-\r\nc=IN IP4 " + address + "\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }
}
