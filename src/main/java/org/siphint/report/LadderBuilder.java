package org.siphint.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.siphint.event.Role;
import org.siphint.event.SipMessage;
import org.siphint.finding.Evidence;
import org.siphint.finding.Finding;

/**
 * Draws one call as a {@link Ladder}: who the parties are, which views are one message, where the
 * finding's evidence is.
 *
 * <p>Each log file is the column of the program that wrote it. A peer address becomes that
 * program's column when the messages show it is: the two views of a paired message name each
 * other's addresses (the softphone sent to the address where the PBX's log says it listens, and the
 * PBX received from the softphone's address, NAT and all); failing a pair, the {@link AddressBook}
 * answers from the Via and Contact addresses each program put in what it sent. Any other address
 * is a column of its own, named by the User-Agent or Server it sent. Columns appear in the order
 * the call first uses them, the sender of the first message leftmost.
 */
public final class LadderBuilder {

    private static final int MAX_LABEL = 48;
    private static final int MAX_DETAIL = 40;

    private final List<SipMessage> messages;
    private final AddressBook book;
    private final MessagePairing pairing;
    private final Set<String> evidence = new HashSet<>();
    private final Map<String, String> localOwners = new HashMap<>();
    private final Map<String, Integer> columns = new LinkedHashMap<>();
    private final List<Ladder.Party> parties = new ArrayList<>();
    private final Map<String, String> peerAgents = new HashMap<>();

    private LadderBuilder(List<SipMessage> messages, AddressBook book, Finding finding) {
        this.messages = messages;
        this.book = book;
        this.pairing = MessagePairing.of(messages);
        if (finding != null) {
            for (Evidence e : finding.evidence()) {
                evidence.add(key(e.file(), e.line()));
            }
        }
    }

    /** The ladder of a call, its finding's evidence highlighted ({@code finding} may be null). */
    public static Ladder build(CallRecord call, AddressBook book, Finding finding) {
        List<SipMessage> messages = new ArrayList<>(call.messages());
        return new LadderBuilder(messages, book, finding).build(call.callId(), call.dropped(), finding);
    }

    private record Placed(Ladder.Step step, long time, int order) {
    }

    private Ladder build(String callId, int dropped, Finding finding) {
        Map<SipMessage, Integer> arrival = new IdentityHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            arrival.put(messages.get(i), i);
        }
        learnFromPairs();
        // the time range each log covers on the common clock: a log that was writing before and after a
        // message was sent, and does not show it, did not receive it
        Map<String, long[]> covered = new HashMap<>();
        for (SipMessage m : messages) {
            long t = clock(m);
            covered.merge(m.getOrigin().file(), new long[] {t, t},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            if (m.isReceived() && m.getPeer() != null && m.getUserAgent() != null) {
                peerAgents.putIfAbsent(AddressBook.normalize(m.getPeer()), m.getUserAgent());
            }
        }
        List<SipMessage> ordered = new ArrayList<>(messages);
        ordered.sort(Comparator.comparingLong(this::clock).thenComparingInt(arrival::get));
        Set<SipMessage> drawn = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<Placed> placed = new ArrayList<>();
        for (SipMessage m : ordered) {
            if (drawn.contains(m)) {
                continue;
            }
            SipMessage partner = pairing.partner(m);
            drawn.add(m);
            SipMessage sent = m.isSent() ? m : partner;
            SipMessage received = m.isReceived() ? m : partner;
            if (partner != null) {
                drawn.add(partner);
            }
            int from;
            int to;
            if (sent != null) {
                from = column(sent.getOrigin().file());
                to = received != null ? column(received.getOrigin().file()) : peerColumn(sent.getPeer());
            } else {
                from = peerColumn(received.getPeer());
                to = column(received.getOrigin().file());
            }
            List<Ladder.View> views = new ArrayList<>(2);
            for (SipMessage v : sent != null && received != null ? List.of(sent, received) : List.of(m)) {
                views.add(new Ladder.View(v.getOrigin().file(), v.getOrigin().line(), v.getDirection(), v.getText()));
            }
            boolean fault = views.stream().anyMatch(v -> evidence.contains(key(v.file(), v.line())));
            long time = clock(sent != null ? sent : received);
            boolean neverReceived = false;
            if (received == null && from != to && parties.get(to).logged()) {
                long[] range = covered.get(parties.get(to).file());
                neverReceived = fault || range != null && range[0] <= time && time <= range[1];
            }
            placed.add(new Placed(new Ladder.Arrow(from, to, time, label(m), detail(m), views, fault, neverReceived),
                    time, arrival.get(m)));
        }
        placed.sort(Comparator.comparingLong(Placed::time).thenComparingInt(Placed::order));
        List<Ladder.Step> steps = new ArrayList<>();
        placed.forEach(p -> steps.add(p.step()));
        addNotes(steps, finding);
        long start = steps.stream().mapToLong(Ladder.Step::offsetMillis).filter(t -> t >= 0).min().orElse(0);
        List<Ladder.Step> shifted = new ArrayList<>(steps.size());
        for (Ladder.Step s : steps) {
            if (s instanceof Ladder.Arrow a) {
                shifted.add(new Ladder.Arrow(a.from(), a.to(), a.offsetMillis() - start, a.label(), a.detail(),
                        a.views(), a.fault(), a.neverReceived()));
            } else {
                Ladder.Note n = (Ladder.Note) s;
                shifted.add(new Ladder.Note(n.party(), n.offsetMillis() < 0 ? -1 : n.offsetMillis() - start, n.text(),
                        n.views(), n.fault()));
            }
        }
        return new Ladder(callId, parties, shifted, dropped);
    }

    /** The two views of a paired message tell each log's address for the other program. */
    private void learnFromPairs() {
        for (SipMessage m : messages) {
            SipMessage partner = pairing.partner(m);
            if (partner != null && m.isSent()) {
                putIfAddress(m.getPeer(), partner.getOrigin().file());
                putIfAddress(partner.getPeer(), m.getOrigin().file());
            }
        }
    }

    private void putIfAddress(String address, String file) {
        String a = AddressBook.normalize(address);
        if (a != null) {
            localOwners.putIfAbsent(a, file);
        }
    }

    /**
     * Evidence lines that are no message of the call (a PBX's NOTICE) become notes on the lifeline
     * of the program that logged them, after the last message that log showed before that line.
     */
    private void addNotes(List<Ladder.Step> steps, Finding finding) {
        if (finding == null) {
            return;
        }
        Set<String> onArrows = new HashSet<>();
        for (Ladder.Step s : steps) {
            s.views().forEach(v -> onArrows.add(key(v.file(), v.line())));
        }
        for (Evidence e : finding.evidence()) {
            if (onArrows.contains(key(e.file(), e.line()))) {
                continue;
            }
            int party = columns.getOrDefault(e.file(), -1);
            if (party < 0) {
                continue; // a log this call's messages never came from: the report lists it as evidence only
            }
            int at = 0;
            for (int i = 0; i < steps.size(); i++) {
                for (Ladder.View v : steps.get(i).views()) {
                    if (v.file().equals(e.file()) && v.line() < e.line()) {
                        at = i + 1;
                    }
                }
            }
            // evidence carries no time: the note's place is known, its time is not
            steps.add(at, new Ladder.Note(party, -1, e.text(),
                    List.of(new Ladder.View(e.file(), e.line(), null, e.text())), true));
        }
    }

    /** The column of the program that wrote {@code file}. */
    private int column(String file) {
        Integer c = columns.get(file);
        if (c != null) {
            return c;
        }
        Role role = book.roleOf(file);
        String name = role == Role.PBX ? "PBX" : role == Role.SOFTPHONE ? "Softphone" : "Log";
        Path fileName = Path.of(file).getFileName();
        parties.add(new Ladder.Party(name, fileName == null ? file : fileName.toString(), file));
        columns.put(file, parties.size() - 1);
        return parties.size() - 1;
    }

    /** The column of a peer address: a logged program's when the messages show it is one, else its own. */
    private int peerColumn(String peer) {
        String address = AddressBook.normalize(peer);
        if (address == null) {
            address = "unknown peer";
        }
        String owner = localOwners.get(address);
        if (owner == null) {
            owner = book.ownerOf(address);
        }
        if (owner != null) {
            return column(owner);
        }
        String id = "address\u0000" + address;
        Integer c = columns.get(id);
        if (c != null) {
            return c;
        }
        String agent = peerAgents.get(address);
        parties.add(new Ladder.Party(address, agent == null ? "" : shorten(agent, MAX_DETAIL), null));
        columns.put(id, parties.size() - 1);
        return parties.size() - 1;
    }

    private long clock(SipMessage m) {
        return m.getTime().toEpochMilli() + pairing.clockOffset(m.getOrigin().file());
    }

    private static String label(SipMessage m) {
        String label = m.isRequest() ? m.getMethod() : m.getStatus() + (m.getReason() == null ? "" : " " + m.getReason());
        return shorten(label == null ? "?" : label, MAX_LABEL);
    }

    private static String detail(SipMessage m) {
        List<String> parts = new ArrayList<>(2);
        if (!m.getAudioCodecs().isEmpty()) {
            parts.add("SDP " + String.join(" ", m.getAudioCodecs()));
        } else if (m.isHasSdp()) {
            parts.add("SDP");
        }
        if (m.isCredentials()) {
            parts.add("with credentials");
        }
        if (m.isResponse() && m.getChallengeRealm() != null) {
            parts.add("challenge, realm " + m.getChallengeRealm());
        }
        return shorten(String.join(", ", parts), MAX_DETAIL);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String key(String file, long line) {
        return file + '\u0000' + line;
    }
}
