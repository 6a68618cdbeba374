package org.siphint.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.siphint.event.SipMessage;

/**
 * Finds the two logs' views of one message: the copy one program logged as sent and the copy
 * another logged as received. Both carry the same Call-ID, CSeq (number and method), method or
 * status, and top Via branch (a branch names one hop's transaction, so a proxied message does not
 * pair with its other hop).
 *
 * <p>Retransmissions share all of these. When both logs show as many copies, they pair in order;
 * when one shows fewer (a copy was lost on the way), each is paired with the copy nearest in time,
 * once the clocks of the two logs are aligned: the offset between two logs' clocks is the median
 * of the differences between the unambiguous pairs. The same offsets put every log's times on
 * one clock for the diagram.
 */
final class MessagePairing {

    private final Map<SipMessage, SipMessage> partners = new IdentityHashMap<>();
    private final Map<String, Long> clockOffsets = new HashMap<>();

    private MessagePairing() {
    }

    /** Pairs the views among {@code messages} (the messages of one call, in time order). */
    static MessagePairing of(List<SipMessage> messages) {
        MessagePairing p = new MessagePairing();
        p.pair(messages);
        return p;
    }

    /** The other log's view of {@code m}, or null. */
    SipMessage partner(SipMessage m) {
        return partners.get(m);
    }

    /**
     * Milliseconds to add to a time read in {@code file} to bring it to the common clock (the clock
     * of the first log, or of the log it was paired with); 0 when unknown.
     */
    long clockOffset(String file) {
        return clockOffsets.getOrDefault(file, 0L);
    }

    private record Key(long cseq, String cseqMethod, boolean request, String method, int status, String branch) {
        static Key of(SipMessage m) {
            return new Key(m.getCseq(), m.getCseqMethod(), m.isRequest(), m.getMethod(), m.getStatus(), m.getViaBranch());
        }
    }

    private record Route(Key key, String sender, String receiver) {
    }

    private void pair(List<SipMessage> messages) {
        Map<Key, List<SipMessage>> sent = new LinkedHashMap<>();
        Map<Key, List<SipMessage>> received = new LinkedHashMap<>();
        for (SipMessage m : messages) {
            (m.isSent() ? sent : received).computeIfAbsent(Key.of(m), k -> new ArrayList<>()).add(m);
        }
        // Per key, the copies each sender logged and each receiver logged.
        Map<Route, List<SipMessage[]>> routes = new LinkedHashMap<>();
        Map<String, List<Long>> samples = new HashMap<>();
        for (Map.Entry<Key, List<SipMessage>> e : sent.entrySet()) {
            List<SipMessage> in = received.get(e.getKey());
            if (in == null) {
                continue;
            }
            Map<String, List<SipMessage>> bySender = byFile(e.getValue());
            Map<String, List<SipMessage>> byReceiver = byFile(in);
            for (Map.Entry<String, List<SipMessage>> s : bySender.entrySet()) {
                for (Map.Entry<String, List<SipMessage>> r : byReceiver.entrySet()) {
                    if (s.getKey().equals(r.getKey())) {
                        continue;
                    }
                    routes.put(new Route(e.getKey(), s.getKey(), r.getKey()),
                            List.of(s.getValue().toArray(new SipMessage[0]), r.getValue().toArray(new SipMessage[0])));
                    if (s.getValue().size() == 1 && r.getValue().size() == 1) {
                        samples.computeIfAbsent(s.getKey() + '\u0000' + r.getKey(), k -> new ArrayList<>())
                                .add(millis(r.getValue().get(0)) - millis(s.getValue().get(0)));
                    }
                }
            }
        }
        Map<String, Long> skew = new HashMap<>();
        samples.forEach((route, diffs) -> skew.put(route, median(diffs)));
        for (Map.Entry<Route, List<SipMessage[]>> e : routes.entrySet()) {
            SipMessage[] out = e.getValue().get(0);
            SipMessage[] in = e.getValue().get(1);
            long offset = skew.getOrDefault(e.getKey().sender() + '\u0000' + e.getKey().receiver(), 0L);
            match(out, in, offset);
        }
        alignClocks(messages, skew);
    }

    /** Pairs copies in order when the counts agree, else each of the fewer with the nearest in time. */
    private void match(SipMessage[] out, SipMessage[] in, long offset) {
        if (out.length == in.length) {
            for (int i = 0; i < out.length; i++) {
                link(out[i], in[i]);
            }
            return;
        }
        boolean fewerSent = out.length < in.length;
        SipMessage[] few = fewerSent ? out : in;
        SipMessage[] many = fewerSent ? in : out;
        int next = 0;
        for (int i = 0; i < few.length && next < many.length; i++) {
            // keep the order: leave enough of the many for the rest of the few
            int last = many.length - (few.length - i);
            int best = next;
            long bestDiff = Long.MAX_VALUE;
            for (int j = next; j <= last; j++) {
                long sentAt = fewerSent ? millis(few[i]) : millis(many[j]);
                long receivedAt = fewerSent ? millis(many[j]) : millis(few[i]);
                long diff = Math.abs(receivedAt - offset - sentAt);
                if (diff < bestDiff) {
                    bestDiff = diff;
                    best = j;
                }
            }
            link(few[i], many[best]);
            next = best + 1;
        }
    }

    private void link(SipMessage a, SipMessage b) {
        if (partners.containsKey(a) || partners.containsKey(b)) {
            return;
        }
        partners.put(a, b);
        partners.put(b, a);
    }

    /** Brings every log paired with another onto the clock of the first log, following the pairs. */
    private void alignClocks(List<SipMessage> messages, Map<String, Long> skew) {
        Map<String, Map<String, Long>> edges = new HashMap<>();
        skew.forEach((route, receiverMinusSender) -> {
            String[] files = route.split("\u0000", 2);
            edges.computeIfAbsent(files[0], k -> new HashMap<>()).merge(files[1], -receiverMinusSender, (x, y) -> x);
            edges.computeIfAbsent(files[1], k -> new HashMap<>()).merge(files[0], receiverMinusSender, (x, y) -> x);
        });
        for (SipMessage m : messages) {
            String root = m.getOrigin().file();
            if (clockOffsets.containsKey(root)) {
                continue;
            }
            clockOffsets.put(root, 0L);
            Deque<String> queue = new ArrayDeque<>(List.of(root));
            while (!queue.isEmpty()) {
                String file = queue.removeFirst();
                long base = clockOffsets.get(file);
                for (Map.Entry<String, Long> e : edges.getOrDefault(file, Map.of()).entrySet()) {
                    if (!clockOffsets.containsKey(e.getKey())) {
                        // a time in the other log plus (its offset) lands on this log's clock
                        clockOffsets.put(e.getKey(), base + e.getValue());
                        queue.addLast(e.getKey());
                    }
                }
            }
        }
    }

    private static Map<String, List<SipMessage>> byFile(List<SipMessage> views) {
        Map<String, List<SipMessage>> files = new LinkedHashMap<>();
        for (SipMessage m : views) {
            files.computeIfAbsent(m.getOrigin().file(), k -> new ArrayList<>()).add(m);
        }
        return files;
    }

    private static long millis(SipMessage m) {
        return m.getTime().toEpochMilli();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
