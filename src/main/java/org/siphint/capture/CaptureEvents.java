package org.siphint.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

import org.siphint.event.LogEvent;
import org.siphint.event.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one capture file, pulled one at a time like a log file's: SIP messages in packet
 * order, with the capture's timestamps. A file that ends inside a packet or lies about a length
 * keeps every event read before that point; the problem is logged once, naming the file, the packet
 * and the byte, and {@link #problem()} tells it.
 */
public final class CaptureEvents implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureEvents.class);

    private final CaptureReader reader;
    private final PacketDecoder decoder;
    private final SipEvents sip;
    private final MediaMeter media;
    private final Deque<LogEvent> ready = new ArrayDeque<>();
    private final long size;
    private boolean ended;
    private String problem;

    private CaptureEvents(CaptureReader reader, String name, Role role, long size) {
        this.reader = reader;
        this.size = size;
        SipEvents[] sipRef = new SipEvents[1];
        this.media = new MediaMeter(name, () -> sipRef[0].role() != null ? sipRef[0].role() : Role.SOFTPHONE, ready::add);
        this.sip = new SipEvents(name, role, ready::add, media);
        sipRef[0] = sip;
        this.decoder = new PacketDecoder(sip, media);
    }

    /** Whether a file starts with a pcap or pcapng magic number. */
    public static boolean isCapture(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(4);
            return CaptureReader.detect(head, head.length) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens a capture file; {@code role} null lets the capture's messages decide. */
    public static CaptureEvents open(Path path, String name, Role role) throws IOException {
        InputStream in = Files.newInputStream(path);
        try {
            return new CaptureEvents(CaptureReader.open(in, name), name, role, Files.size(path));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Follows a capture file while it is written ({@code tcpdump -U -w}): packets are read as they
     * come, a packet half written is waited for, and events go to {@code out} as they are made
     * (messages held for the capture's view are let go after a second of quiet). Returns when
     * {@code running} says no.
     */
    public static void follow(Path path, String name, Role role, java.util.function.Consumer<LogEvent> out,
                              java.util.function.BooleanSupplier running) throws IOException {
        CaptureEvents[] self = new CaptureEvents[1];
        InputStream in = new FollowingInputStream(Files.newInputStream(path), running, () -> {
            if (self[0] != null && self[0].sip.releaseIfHeldLongerThan(1000)) {
                self[0].drainTo(out);
            }
        });
        try (CaptureEvents c = new CaptureEvents(CaptureReader.open(in, name), name, role, Files.size(path))) {
            self[0] = c;
            while (running.getAsBoolean()) {
                Frame frame;
                try {
                    frame = c.reader.next();
                } catch (CaptureFormatException e) {
                    LOG.warn("{}", e.getMessage());
                    return;
                }
                if (frame == null) {
                    break; // only when following stopped
                }
                c.decoder.frame(frame);
                c.drainTo(out);
            }
        }
    }

    private void drainTo(java.util.function.Consumer<LogEvent> out) {
        LogEvent e;
        while ((e = ready.poll()) != null) {
            out.accept(e);
        }
    }

    /** The next event, or null when the capture has no more. */
    public LogEvent next() throws IOException {
        while (ready.isEmpty() && !ended) {
            Frame frame;
            try {
                frame = reader.next();
            } catch (CaptureFormatException e) {
                problem = e.getMessage();
                LOG.warn("{}", problem);
                frame = null;
            }
            if (frame == null) {
                ended = true;
                sip.end();
                media.end();
            } else {
                decoder.frame(frame);
            }
        }
        return ready.poll();
    }

    /** Why reading stopped before the end of the file, or null. */
    public String problem() {
        return problem;
    }

    /** Packets read so far. */
    public long packets() {
        return reader.packets();
    }

    /** Bytes read so far. */
    public long bytesRead() {
        return reader.position();
    }

    public long size() {
        return size;
    }

    PacketDecoder decoder() {
        return decoder;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
