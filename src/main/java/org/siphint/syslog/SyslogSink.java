package org.siphint.syslog;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.siphint.finding.Finding;
import org.siphint.finding.FindingSink;
import org.siphint.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each finding to a syslog server as an RFC 5424 message ({@link SyslogFormat}): over UDP one
 * message per datagram (RFC 5426), over TCP framed by octet counting (RFC 6587: the length, a space,
 * the message).
 *
 * <p>A syslog server that is slow, down or gone never holds up the daemon: {@link #accept} puts the
 * finding in a queue of {@link #QUEUE}, and one thread of its own formats and sends them (and looks
 * up this machine's name once, so a slow resolver does not delay the start either). When the queue is full the newest message is dropped and counted. Over TCP a lost connection
 * is made again with a backoff from {@link #MIN_BACKOFF} doubling to {@link #MAX_BACKOFF}; the queue
 * keeps what comes meanwhile, so a short outage loses only the message in flight when the server went
 * away (plain TCP syslog cannot know whether the server read it). Each message that cannot be sent is
 * dropped and counted, never retried without end. {@link #close()} gives the queue a bounded time
 * to drain.
 */
public final class SyslogSink implements FindingSink {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogSink.class);

    public static final int QUEUE = 1024;
    /** UDP: a message size every receiver takes (RFC 5426 asks for 480 at least, 2048 should be). */
    public static final int UDP_MAX_BYTES = 2048;
    /** TCP: rsyslog's and syslog-ng's default message limit. */
    public static final int TCP_MAX_BYTES = 8192;
    static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final int CONNECT_TIMEOUT_MILLIS = 2000;
    static final Duration CLOSE_DRAIN = Duration.ofSeconds(2);

    private final SyslogTarget target;
    private final Supplier<SyslogFormat> formats;
    private SyslogFormat format;
    private final BlockingQueue<Finding> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread sender;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final LongConsumer droppedQueueFull;
    private final LongConsumer droppedUnsent;
    private volatile boolean running = true;
    private DatagramSocket udp;
    private volatile Socket tcp;
    private OutputStream tcpOut;
    private long backoffMillis = MIN_BACKOFF.toMillis();
    private long nextConnect;
    private boolean warned;

    /**
     * @param target   where to send
     * @param formats  how to write each message (its size limit should suit the transport), asked once on the
     *                 sending thread
     * @param metrics  counts drops as {@code siphint_dropped_total{reason="syslog-queue-full"|"syslog-unsent"}}; may be null
     */
    public SyslogSink(SyslogTarget target, Supplier<SyslogFormat> formats, Metrics metrics) {
        this.target = target;
        this.formats = formats;
        this.droppedQueueFull = metrics == null ? n -> { } : n -> metrics.dropped("syslog-queue-full", n);
        this.droppedUnsent = metrics == null ? n -> { } : n -> metrics.dropped("syslog-unsent", n);
        this.sender = new Thread(this::run, "siphint-syslog");
        sender.setDaemon(true);
        sender.start();
    }

    /** A sink with the defaults: this host's name and process id, the size limit of the target's transport. */
    public static SyslogSink open(SyslogTarget target, Facility facility, ZoneId zone, Metrics metrics) {
        int max = target.transport() == SyslogTarget.Transport.UDP ? UDP_MAX_BYTES : TCP_MAX_BYTES;
        return new SyslogSink(target, () -> new SyslogFormat(facility, localHostName(),
                String.valueOf(ProcessHandle.current().pid()), zone, max), metrics);
    }

    /** Never blocks: the message is queued, or dropped and counted when the queue is full. */
    @Override
    public void accept(Finding finding) {
        if (!running || !queue.offer(finding)) {
            drop(droppedQueueFull);
        }
    }

    /** Messages sent (written to the socket). */
    public long sent() {
        return sent.get();
    }

    /** Messages dropped: the queue was full, or the server could not be reached or written to. */
    public long dropped() {
        return dropped.get();
    }

    public SyslogTarget target() {
        return target;
    }

    private void drop(LongConsumer counter) {
        dropped.incrementAndGet();
        counter.accept(1);
    }

    private void run() {
        try {
            format = formats.get();
            while (running || !queue.isEmpty()) {
                Finding finding = queue.poll(200, TimeUnit.MILLISECONDS);
                if (finding != null) {
                    byte[] message;
                    try {
                        message = format.format(finding);
                    } catch (RuntimeException e) {
                        // a finding this formatter cannot write must not end the sending thread
                        LOG.warn("syslog: cannot format a {} finding: {}", finding.situation(), e.toString());
                        drop(droppedUnsent);
                        continue;
                    }
                    send(message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            disconnect();
            if (udp != null) {
                udp.close();
            }
            // what is still queued now will not be sent
            for (Finding left; (left = queue.poll()) != null; ) {
                drop(droppedUnsent);
            }
        }
    }

    private void send(byte[] message) throws InterruptedException {
        try {
            if (target.transport() == SyslogTarget.Transport.UDP) {
                sendUdp(message);
            } else {
                sendTcp(message);
            }
            sent.incrementAndGet();
            if (warned) {
                LOG.warn("syslog: sending to {} again", target);
                warned = false;
            }
        } catch (IOException e) {
            drop(droppedUnsent);
            if (!warned) {
                // once per outage, not per message
                LOG.warn("syslog: cannot send to {} ({}); findings are dropped and counted until it answers", target,
                        e.getMessage());
                warned = true;
            }
        }
    }

    private void sendUdp(byte[] message) throws IOException {
        if (udp == null) {
            udp = new DatagramSocket();
        }
        udp.send(new DatagramPacket(message, message.length, target.resolve()));
    }

    private void sendTcp(byte[] message) throws IOException, InterruptedException {
        if (tcpOut == null) {
            connect();
        }
        byte[] length = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        try {
            tcpOut.write(length);
            tcpOut.write(message);
            tcpOut.flush();
        } catch (IOException e) {
            disconnect();
            throw e;
        }
    }

    /** Connects, waiting out the backoff first; after a failure the backoff doubles up to its maximum. */
    private void connect() throws IOException, InterruptedException {
        long wait = nextConnect - System.currentTimeMillis();
        if (wait > 0) {
            // while waiting, messages pile up in the queue (bounded); close() interrupts the wait
            sleepWhileRunning(wait);
            if (!running) {
                throw new IOException("closing");
            }
        }
        Socket s = new Socket();
        try {
            s.connect(target.resolve(), CONNECT_TIMEOUT_MILLIS);
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.shutdownInput(); // the server never speaks; nothing it sends is read
            tcp = s;
            tcpOut = s.getOutputStream();
            backoffMillis = MIN_BACKOFF.toMillis();
        } catch (IOException e) {
            s.close();
            nextConnect = System.currentTimeMillis() + backoffMillis;
            backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            throw e;
        }
    }

    private void sleepWhileRunning(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        for (long left = millis; running && left > 0; left = end - System.currentTimeMillis()) {
            Thread.sleep(Math.min(left, 100));
        }
    }

    private void disconnect() {
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        tcp = null;
        tcpOut = null;
    }

    /**
     * Stops taking findings, sends what is queued for at most {@link #CLOSE_DRAIN}, then drops the
     * rest (counted) and closes the socket.
     */
    @Override
    public void close() {
        running = false;
        try {
            sender.join(CLOSE_DRAIN.toMillis());
            if (sender.isAlive()) {
                sender.interrupt();
                // a write blocked on a server that stopped reading ends when its socket closes
                Socket s = tcp;
                if (s != null) {
                    s.close();
                }
                sender.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // closing anyway
        }
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
