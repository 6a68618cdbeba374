package org.siphint.net;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends items to a server that siphint does not control (a syslog server, a HEP collector) without
 * ever holding up the daemon: {@link #offer} queues the item (at most {@code capacity}), and one
 * thread of its own encodes and sends them, over UDP one datagram each, over TCP framed as the
 * protocol wants.
 *
 * <p>When the queue is full the newest item is dropped and counted. Over TCP a lost connection is
 * made again with a backoff from {@link #MIN_BACKOFF} doubling to {@link #MAX_BACKOFF}; the queue
 * keeps what comes meanwhile, so a short outage loses only the item in flight when the server went
 * away (a plain TCP stream cannot tell whether the server read it). An item that cannot be encoded
 * or sent is dropped and counted, never retried without end. {@link #close()} gives the queue a
 * bounded time to drain.
 *
 * @param <T> what is queued; encoded on the sending thread, so the caller pays only the offer
 */
public final class QueuedSender<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedSender.class);

    public static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    public static final Duration CLOSE_DRAIN = Duration.ofSeconds(2);
    static final int CONNECT_TIMEOUT_MILLIS = 2000;

    /** Turns an item into the bytes of one message; runs on the sending thread. */
    public interface Encoder<T> {
        byte[] encode(T item);
    }

    /** Writes one encoded message to a TCP stream: the protocol's framing (octet counting, none). */
    public interface Framing {
        void write(OutputStream out, byte[] message) throws IOException;
    }

    private final String what;
    private final NetTarget target;
    private final Supplier<Encoder<T>> encoders;
    private final Framing framing;
    private final BlockingQueue<T> queue;
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
     * @param what             what is sent, for the log ("syslog", "HEP")
     * @param target           where to send
     * @param capacity         items the queue holds
     * @param encoders         makes the encoder, once, on the sending thread (it may look up this host's name)
     * @param framing          how a message is written over TCP
     * @param droppedQueueFull counts items dropped because the queue was full
     * @param droppedUnsent    counts items that could not be encoded or sent
     */
    public QueuedSender(String what, NetTarget target, int capacity, Supplier<Encoder<T>> encoders, Framing framing,
                        LongConsumer droppedQueueFull, LongConsumer droppedUnsent) {
        this.what = what;
        this.target = target;
        this.encoders = encoders;
        this.framing = framing;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.droppedQueueFull = droppedQueueFull;
        this.droppedUnsent = droppedUnsent;
        this.sender = new Thread(this::run, "siphint-" + what.toLowerCase(java.util.Locale.ROOT) + "-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /** Never blocks: the item is queued, or dropped and counted when the queue is full or closed. */
    public void offer(T item) {
        if (!running || !queue.offer(item)) {
            drop(droppedQueueFull);
        }
    }

    /**
     * Waits up to {@code max} for room in the queue (a replay, which reads faster than any server
     * takes messages), then drops and counts the item.
     */
    public void offerWaiting(T item, Duration max) {
        try {
            if (!running || !queue.offer(item, max.toMillis(), TimeUnit.MILLISECONDS)) {
                drop(droppedQueueFull);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drop(droppedQueueFull);
        }
    }

    /** Messages sent (written to the socket). */
    public long sent() {
        return sent.get();
    }

    /** Items dropped: the queue was full, or the item could not be encoded or the server reached. */
    public long dropped() {
        return dropped.get();
    }

    public NetTarget target() {
        return target;
    }

    private void drop(LongConsumer counter) {
        dropped.incrementAndGet();
        counter.accept(1);
    }

    private void run() {
        try {
            Encoder<T> encoder = encoders.get();
            while (running || !queue.isEmpty()) {
                T item = queue.poll(200, TimeUnit.MILLISECONDS);
                if (item != null) {
                    byte[] message;
                    try {
                        message = encoder.encode(item);
                    } catch (RuntimeException e) {
                        // an item this encoder cannot write must not end the sending thread
                        LOG.warn("{}: cannot encode {}: {}", what, item.getClass().getSimpleName(), e.toString());
                        drop(droppedUnsent);
                        continue;
                    }
                    if (message != null) {
                        send(message);
                    }
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
            for (T left; (left = queue.poll()) != null; ) {
                drop(droppedUnsent);
            }
        }
    }

    private void send(byte[] message) throws InterruptedException {
        try {
            if (target.transport() == NetTarget.Transport.UDP) {
                if (udp == null) {
                    udp = new DatagramSocket();
                }
                udp.send(new DatagramPacket(message, message.length, target.resolve()));
            } else {
                sendTcp(message);
            }
            sent.incrementAndGet();
            if (warned) {
                LOG.warn("{}: sending to {} again", what, target);
                warned = false;
            }
        } catch (IOException e) {
            drop(droppedUnsent);
            if (!warned) {
                // once per outage, not per message
                LOG.warn("{}: cannot send to {} ({}); messages are dropped and counted until it answers", what, target,
                        e.getMessage());
                warned = true;
            }
        }
    }

    private void sendTcp(byte[] message) throws IOException, InterruptedException {
        if (tcpOut == null) {
            connect();
        }
        try {
            framing.write(tcpOut, message);
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
            // while waiting, items pile up in the queue (bounded); close() ends the wait
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
     * Stops taking items, sends what is queued for at most {@link #CLOSE_DRAIN}, then drops the rest
     * (counted) and closes the socket.
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
}
