package org.siphint.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.sip.HeaderValues;
import org.siphint.transaction.SipTransaction;

/**
 * What one address attempted at a PBX in a window and failed: sign-ins refused, accounts or
 * numbers that do not exist, requests an ACL turned away. Built by the rules from the PBX's notices
 * ({@link LogNotice}) or, with a SIP trace, from its refused transactions, it tells a guessing
 * attack or a scanner from one of the site's own phones failing: several accounts or numbers
 * unknown from that address, many tries, or a scanner's User-Agent. Accounts the PBX accepted
 * from that address before (a known device) are left out. Bounded: at most {@link #MAX_EVENTS}
 * events are looked at and {@link #MAX_NAMED} names kept.
 */
public final class Attempts {

    static final int MAX_EVENTS = 10_000;
    static final int MAX_NAMED = 10;
    private static final String[] SCANNER_AGENTS = {
        "friendly-scanner", "sipvicious", "sipcli", "sip-scan", "sipscan", "vaxsipuseragent", "sundayddr",
        "iwar", "pplsip", "smap"};

    private int tries;
    private final Set<String> targets = new HashSet<>();
    private final TreeSet<String> named = new TreeSet<>();
    private final Set<String> attemptKeys = new HashSet<>();
    private String scannerAgent;
    private Instant first;
    private Instant last;
    private LogEvent firstEvent;
    private LogEvent lastEvent;
    private int passwords;
    private int unknown;
    private int calls;

    private Attempts() {
    }

    /**
     * The attempts among {@code events} ({@link LogNotice}s or {@link SipTransaction}s of one
     * address) that are not about an account in {@code known}.
     */
    public static Attempts of(Collection<?> events, Collection<?> known) {
        Attempts a = new Attempts();
        int seen = 0;
        for (Object o : events) {
            if (seen++ >= MAX_EVENTS) {
                break;
            }
            if (o instanceof LogNotice n) {
                a.notice(n, known);
            } else if (o instanceof SipTransaction tx) {
                a.transaction(tx, known);
            }
        }
        return a;
    }

    private void notice(LogNotice n, Collection<?> known) {
        String target = n.getTarget();
        if (target != null && known.contains(target)) {
            return;
        }
        // Asterisk's NOTICE and its security event of one request share the Call-ID
        if (n.getCallId() != null && !attemptKeys.add(n.getCallId())) {
            return;
        }
        switch (n.getKind()) {
            case LogNotice.AUTH_FAILED -> passwords++;
            case LogNotice.EXTENSION_NOT_FOUND -> calls++;
            default -> unknown++;
        }
        count(n, n.getTime(), target);
    }

    private void transaction(SipTransaction tx, Collection<?> known) {
        if ((tx.getStatus() == 401 || tx.getStatus() == 407) && tx.isRetried()) {
            return; // a challenge answered with credentials: the retry is the attempt
        }
        String target = targetOf(tx);
        if (target != null && known.contains(target)) {
            return;
        }
        if ("INVITE".equals(tx.getMethod()) && tx.getStatus() != 401 && tx.getStatus() != 407) {
            calls++;
        } else if (tx.isCredentials()) {
            passwords++;
        } else {
            unknown++;
        }
        String agent = tx.getRequest() == null ? null : tx.getRequest().getUserAgent();
        if (scannerAgent == null && isScannerAgent(agent)) {
            scannerAgent = agent;
        }
        count(tx, tx.getTime(), target);
    }

    private void count(LogEvent e, Instant time, String target) {
        tries++;
        if (target != null) {
            targets.add(target);
            if (named.size() < MAX_NAMED || target.compareTo(named.last()) < 0) {
                named.add(target);
                if (named.size() > MAX_NAMED) {
                    named.pollLast();
                }
            }
        }
        if (first == null || time.isBefore(first)) {
            first = time;
            firstEvent = e;
        }
        if (last == null || !time.isBefore(last)) {
            last = time;
            lastEvent = e;
        }
    }

    /** The account (user part) or dialled number a transaction was about. */
    public static String targetOf(SipTransaction tx) {
        if ("INVITE".equals(tx.getMethod())) {
            return tx.getRequestUser();
        }
        String user = HeaderValues.user(tx.getToUri());
        return user != null ? user : HeaderValues.user(tx.getFromUri());
    }

    /** Whether a User-Agent names a SIP scanner or attack tool (sipvicious's {@code friendly-scanner}, {@code sipcli}...). */
    public static boolean isScannerAgent(String agent) {
        if (agent == null) {
            return false;
        }
        String a = agent.toLowerCase(Locale.ROOT);
        for (String s : SCANNER_AGENTS) {
            if (a.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this is an attack and not a phone of the site's: a scanner's User-Agent, or at least
     * {@code accounts} different unknown accounts or numbers, or at least {@code tries} tries (the
     * {@code sip-scan} thresholds of the catalog).
     */
    public boolean isAttack(Thresholds thresholds) {
        return scannerAgent != null
                || targets.size() >= thresholds.get("sip-scan", "accounts", 3)
                || tries >= thresholds.get("sip-scan", "tries", 30);
    }

    /** {@code password-guessing}, {@code account-scan} or {@code call-probing}: what most tries were. */
    public String cause() {
        if (calls >= passwords && calls >= unknown) {
            return "call-probing";
        }
        return passwords >= unknown ? "password-guessing" : "account-scan";
    }

    public int tries() {
        return tries;
    }

    public int targetCount() {
        return targets.size();
    }

    /** The first accounts or numbers tried, in order, and how many more there were. */
    public String targetList() {
        if (named.isEmpty()) {
            return null;
        }
        String list = String.join(", ", named);
        int more = targets.size() - named.size();
        return more > 0 ? list + " and " + more + " more" : list;
    }

    public String scannerAgent() {
        return scannerAgent;
    }

    /** How long the attempts went on, as {@code 45 s} or {@code 3 min}. */
    public String span() {
        if (first == null) {
            return null;
        }
        long s = Duration.between(first, last).toSeconds();
        return s < 120 ? s + " s" : (s / 60) + " min";
    }

    public Instant first() {
        return first;
    }

    /** The first and the last attempt, for evidence. */
    public List<LogEvent> evidence() {
        List<LogEvent> out = new ArrayList<>(2);
        if (firstEvent != null) {
            out.add(firstEvent);
        }
        if (lastEvent != null && lastEvent != firstEvent) {
            out.add(lastEvent);
        }
        return out;
    }
}
