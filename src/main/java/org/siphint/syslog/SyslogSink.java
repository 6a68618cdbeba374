package org.siphint.syslog;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.Supplier;

import org.siphint.finding.Finding;
import org.siphint.finding.FindingSink;
import org.siphint.metrics.Metrics;
import org.siphint.net.NetTarget;
import org.siphint.net.QueuedSender;

/**
 * Sends each finding to a syslog server as an RFC 5424 message ({@link SyslogFormat}): over UDP one
 * message per datagram (RFC 5426), over TCP framed by octet counting (RFC 6587: the length, a space,
 * the message).
 *
 * <p>A syslog server that is slow, down or gone never holds up the daemon: findings wait in a queue
 * of {@link #QUEUE} and are formatted and sent by a thread of their own ({@link QueuedSender}, which
 * also looks up this machine's name once, so a slow resolver does not delay the start). Drops are
 * counted.
 */
public final class SyslogSink implements FindingSink {

    public static final int DEFAULT_PORT = 514;
    public static final int QUEUE = 1024;
    /** UDP: a message size every receiver takes (RFC 5426 asks for 480 at least, 2048 should be). */
    public static final int UDP_MAX_BYTES = 2048;
    /** TCP: rsyslog's and syslog-ng's default message limit. */
    public static final int TCP_MAX_BYTES = 8192;
    static final Duration CLOSE_DRAIN = QueuedSender.CLOSE_DRAIN;

    private final QueuedSender<Finding> sender;

    /**
     * @param target   where to send
     * @param formats  how to write each message (its size limit should suit the transport), asked once on the
     *                 sending thread
     * @param metrics  counts drops as {@code siphint_dropped_total{reason="syslog-queue-full"|"syslog-unsent"}}; may be null
     */
    public SyslogSink(NetTarget target, Supplier<SyslogFormat> formats, Metrics metrics) {
        this.sender = new QueuedSender<>("syslog", target, QUEUE, () -> formats.get()::format,
                (out, message) -> {
                    out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
                    out.write(message);
                },
                metrics == null ? n -> { } : n -> metrics.dropped("syslog-queue-full", n),
                metrics == null ? n -> { } : n -> metrics.dropped("syslog-unsent", n));
    }

    /** A sink with the defaults: this host's name and process id, the size limit of the target's transport. */
    public static SyslogSink open(NetTarget target, Facility facility, ZoneId zone, Metrics metrics) {
        int max = target.transport() == NetTarget.Transport.UDP ? UDP_MAX_BYTES : TCP_MAX_BYTES;
        return new SyslogSink(target, () -> new SyslogFormat(facility, localHostName(),
                String.valueOf(ProcessHandle.current().pid()), zone, max), metrics);
    }

    /** Never blocks: the message is queued, or dropped and counted when the queue is full. */
    @Override
    public void accept(Finding finding) {
        sender.offer(finding);
    }

    /** Messages sent (written to the socket). */
    public long sent() {
        return sender.sent();
    }

    /** Messages dropped: the queue was full, or the server could not be reached or written to. */
    public long dropped() {
        return sender.dropped();
    }

    public NetTarget target() {
        return sender.target();
    }

    /**
     * Stops taking findings, sends what is queued for at most {@link #CLOSE_DRAIN}, then drops the
     * rest (counted) and closes the socket.
     */
    @Override
    public void close() {
        sender.close();
    }

    /** This machine's name, for the HOSTNAME field; the NILVALUE when it cannot be known. */
    static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
