package org.siphint.hep;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.siphint.capture.Endpoint;
import org.siphint.capture.SipEvents;
import org.siphint.event.LogEvent;
import org.siphint.event.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives HEP v3 over UDP (one packet a datagram) and TCP (packets back to back, framed by the
 * length at offset 4) from Kamailio's {@code siptrace}, Asterisk's {@code res_hep}, FreeSWITCH's
 * capture server or any HEP agent, and turns the SIP it carries into the events log dialects make.
 *
 * <p>Each capture agent (its id and the address it sends from) is a source of its own, named
 * {@code hep:ID@ADDRESS} in evidence, with its own view of sent and received (the agent's host is
 * the party all its messages involve; while only two parties have spoken, the one the first request
 * went to: an agent mirrors a proxy's, registrar's or PBX's traffic). Hostile input is expected: malformed packets and packets
 * without the configured authentication key are counted and dropped; a TCP sender that breaks the
 * framing is disconnected (HEP has no resynchronisation). Memory is bounded under a flood: packets
 * wait in a queue of {@link #QUEUE} and {@link #MAX_QUEUED_BYTES} (UDP packets beyond it are dropped and counted, TCP senders
 * wait), at most {@link #MAX_CONNECTIONS} TCP senders and {@link #MAX_AGENTS} agents.
 */
public final class HepReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HepReceiver.class);
    public static final int QUEUE = 65_536;
    /**
     * Bytes of packets waiting at most: the daemon runs in a small heap (128 MB), and 65,536 packets
     * of a kilobyte would take half of it while the rules are behind.
     */
    public static final long MAX_QUEUED_BYTES = 8L << 20;
    public static final int MAX_CONNECTIONS = 64;
    public static final int MAX_AGENTS = 1024;
    /** A quiet agent's first messages wait at most this long for its view to be clear. */
    static final long HOLD_MILLIS = 1000;

    private record Item(byte[] bytes, InetAddress from) {
    }

    /** Counters, safe to read from any thread. */
    public static final class Counters {
        public final AtomicLong packets = new AtomicLong();
        public final AtomicLong malformed = new AtomicLong();
        public final AtomicLong unauthorized = new AtomicLong();
        public final AtomicLong dropped = new AtomicLong();
        public final AtomicLong notSip = new AtomicLong();
        public final AtomicLong messages = new AtomicLong();

        @Override
        public String toString() {
            return packets + " packets, " + messages + " SIP messages, " + malformed + " malformed, " + unauthorized
                    + " without the key, " + dropped + " dropped (queue full), " + notSip + " not SIP";
        }
    }

    private final java.util.concurrent.atomic.AtomicLong queuedBytes = new java.util.concurrent.atomic.AtomicLong();
    private final String authKey;
    private final Consumer<LogEvent> out;
    private final BlockingQueue<Item> queue;
    private final Counters counters = new Counters();
    private final List<AutoCloseable> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<String, Agent> agents = new LinkedHashMap<>(16, 0.75f, true);
    private final List<String> bound = new ArrayList<>();
    private volatile boolean running = true;

    private static final class Agent {
        final SipEvents sip;
        long number;

        Agent(SipEvents sip) {
            this.sip = sip;
        }
    }

    private HepReceiver(String authKey, Consumer<LogEvent> out, int queue) {
        this.queue = new ArrayBlockingQueue<>(queue);
        this.authKey = authKey == null || authKey.isEmpty() ? null : authKey;
        this.out = out;
    }

    /**
     * Binds every address and starts receiving; events go to {@code out} from one thread of the
     * receiver's. Fails with a message naming the address when one cannot be bound.
     */
    public static HepReceiver start(List<HepListen> listen, String authKey, Consumer<LogEvent> out) throws IOException {
        return start(listen, authKey, out, QUEUE);
    }

    /** {@link #start(List, String, Consumer)} with a queue of another size (tests of the bound). */
    static HepReceiver start(List<HepListen> listen, String authKey, Consumer<LogEvent> out, int queue) throws IOException {
        HepReceiver r = new HepReceiver(authKey, out, queue);
        try {
            for (HepListen l : listen) {
                r.bind(l);
            }
        } catch (IOException e) {
            r.close();
            throw e;
        }
        r.spawn("siphint-hep-decode", r::decodeLoop);
        return r;
    }

    private void bind(HepListen l) throws IOException {
        try {
            if (l.tcp()) {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(l.address(), 64);
                server.setSoTimeout(500);
                sockets.add(server);
                bound.add("tcp://" + text(server.getInetAddress()) + ":" + server.getLocalPort());
                spawn("siphint-hep-tcp", () -> acceptLoop(server));
            } else {
                DatagramSocket socket = new DatagramSocket(null);
                socket.setReuseAddress(true);
                socket.setReceiveBufferSize(4 << 20);
                socket.bind(l.address());
                socket.setSoTimeout(500);
                sockets.add(socket);
                bound.add("udp://" + text(socket.getLocalAddress()) + ":" + socket.getLocalPort());
                spawn("siphint-hep-udp", () -> udpLoop(socket));
            }
        } catch (IOException e) {
            throw new IOException("HEP: cannot listen on " + l + ": " + e.getMessage(), e);
        }
    }

    private static String text(InetAddress a) {
        String s = a.getHostAddress();
        return s.indexOf(':') >= 0 ? "[" + s + "]" : s;
    }

    /** The addresses bound, as URIs with the real port (a port 0 asked for any). */
    public List<String> addresses() {
        return List.copyOf(bound);
    }

    public Counters counters() {
        return counters;
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void udpLoop(DatagramSocket socket) {
        byte[] buf = new byte[HepCodec.MAX_PACKET];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (running) {
            try {
                packet.setLength(buf.length);
                socket.receive(packet);
                counters.packets.incrementAndGet();
                if (queuedBytes.get() + packet.getLength() > MAX_QUEUED_BYTES) {
                    counters.dropped.incrementAndGet();
                    continue;
                }
                byte[] copy = java.util.Arrays.copyOf(buf, packet.getLength());
                queuedBytes.addAndGet(copy.length);
                if (!queue.offer(new Item(copy, packet.getAddress()))) {
                    queuedBytes.addAndGet(-copy.length);
                    counters.dropped.incrementAndGet();
                }
            } catch (SocketTimeoutException e) {
                // look at running again
            } catch (IOException e) {
                if (running) {
                    LOG.warn("HEP: receiving over UDP failed: {}", e.getMessage());
                }
                return;
            }
        }
    }

    private void acceptLoop(ServerSocket server) {
        while (running) {
            try {
                Socket s = server.accept();
                if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                    connections.decrementAndGet();
                    s.close();
                    continue;
                }
                Thread t = new Thread(() -> tcpLoop(s), "siphint-hep-conn");
                t.setDaemon(true);
                t.start();
            } catch (SocketTimeoutException e) {
                // look at running again
            } catch (IOException e) {
                if (running) {
                    LOG.warn("HEP: accepting over TCP failed: {}", e.getMessage());
                }
                return;
            }
        }
    }

    private void tcpLoop(Socket s) {
        try (s; DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(s.getInputStream(), 65536))) {
            s.setSoTimeout(500);
            byte[] head = new byte[6];
            while (running) {
                try {
                    in.readFully(head, 0, 1);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                s.setSoTimeout(10_000); // a packet begun must be finished in time
                in.readFully(head, 1, 5);
                int length = HepCodec.announcedLength(head, 0, 6);
                if (length < 6) {
                    counters.malformed.incrementAndGet();
                    return; // no HEP framing to resynchronise on: the sender is cut off
                }
                byte[] packet = java.util.Arrays.copyOf(head, length);
                in.readFully(packet, 6, length - 6);
                s.setSoTimeout(500);
                counters.packets.incrementAndGet();
                Item item = new Item(packet, s.getInetAddress());
                // TCP: the sender waits (back-pressure) rather than losing packets
                while (running && queuedBytes.get() + length > MAX_QUEUED_BYTES) {
                    Thread.sleep(5);
                }
                queuedBytes.addAndGet(length);
                while (running && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    // the count bound: wait too
                }
            }
        } catch (EOFException | SocketException e) {
            // the sender closed or the receiver stops
        } catch (IOException e) {
            counters.malformed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.decrementAndGet();
        }
    }

    private void decodeLoop() {
        while (running || !queue.isEmpty()) {
            Item item;
            try {
                item = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (item != null) {
                queuedBytes.addAndGet(-item.bytes.length);
            }
            try {
                if (item != null) {
                    take(item);
                }
                for (Agent a : agents.values()) {
                    a.sip.releaseIfHeldLongerThan(HOLD_MILLIS);
                }
            } catch (RuntimeException e) {
                // hostile content must never end the receiver
                counters.malformed.incrementAndGet();
                LOG.debug("HEP: packet dropped: {}", e.toString());
            }
        }
    }

    private void take(Item item) {
        HepPacket p;
        try {
            p = HepCodec.decode(item.bytes, 0, item.bytes.length);
        } catch (HepFormatException e) {
            counters.malformed.incrementAndGet();
            return;
        }
        if (authKey != null && !authKey.equals(p.authKey())) {
            counters.unauthorized.incrementAndGet();
            return;
        }
        if (p.type() != HepPacket.TYPE_SIP || p.payload() == null || p.src() == null || p.dst() == null) {
            counters.notSip.incrementAndGet();
            return;
        }
        String name = "hep:" + (p.captureId() >= 0 ? p.captureId() + "@" : "") + text(item.from);
        Agent agent = agents.get(name);
        if (agent == null) {
            if (agents.size() >= MAX_AGENTS) {
                Map.Entry<String, Agent> oldest = agents.entrySet().iterator().next();
                oldest.getValue().sip.end();
                agents.remove(oldest.getKey());
            }
            // a siphint forwarding its logs names their role; any other agent mirrors a server's traffic
            Role role = HepForwarder.roleOfNode(p.node());
            agent = new Agent(new SipEvents(name, role, e -> {
                counters.messages.incrementAndGet();
                out.accept(e);
            }, null, role != Role.SOFTPHONE));
            agents.put(name, agent);
        }
        long nanos = p.seconds() == 0 && p.micros() == 0 ? System.currentTimeMillis() * 1_000_000L
                : p.seconds() * 1_000_000_000L + Math.min(p.micros(), 999_999) * 1000L;
        agent.sip.datagram(nanos, ++agent.number, p.protocol() == 6 ? "TCP" : p.protocol() == 22 ? "TLS" : "UDP", // 22: how sofia-sip marks TLS
                new Endpoint(p.src(), p.srcPort()), new Endpoint(p.dst(), p.dstPort()), p.payload(), 0, p.payload().length);
    }

    /** Stops receiving: the packets already queued are still turned into events, then the threads end. */
    @Override
    public void close() {
        running = false;
        for (AutoCloseable s : sockets) {
            try {
                s.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Agent a : agents.values()) {
            a.sip.end();
        }
    }
}
