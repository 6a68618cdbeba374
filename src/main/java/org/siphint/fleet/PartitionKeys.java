package org.siphint.fleet;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.siphint.event.LogNotice;
import org.siphint.event.SipMessage;
import org.siphint.sip.HeaderValues;
import org.siphint.transaction.Call;
import org.siphint.transaction.Registration;
import org.siphint.transaction.SipTransaction;

/**
 * The Kafka keys a fact is published under, so that what one rule needs meets in one central worker
 * (Kafka sends every record of a key to one partition, and a partition to one worker):
 * <ul>
 * <li>{@code user:bob}: the traffic of the phone a fact is about, whichever host logged it: the
 *     phone's registration, the INVITE a PBX later sent to it, and the phone's own view of that
 *     call. One account per fact, on purpose: a fact under two accounts would reach a worker that
 *     holds only one side of the story, whose rules then judge a half view.</li>
 * <li>{@code src:203.0.113.9}: what a PBX refused or could not place (401, 403, 404, 407), its
 *     security notices and the registrations it accepted, by the address they came from: a password
 *     guesser tries many accounts, and telling it from one of the site's own phones takes them all.</li>
 * <li>{@code server:198.51.100.7}: a server's 5xx answers, to count one server's errors together.</li>
 * </ul>
 * A record under two keys (an account and a source) that fall in one partition is read once (workers drop repeats by sender
 * and sequence number); two workers that reach the same finding publish the same finding id, and
 * desktops show an id once.
 */
public final class PartitionKeys {

    /** The prefix of a phone-side account key. */
    public static final String USER = "user:";

    private PartitionKeys() {
    }

    /** What a host knows of the accounts registered at it. */
    public interface Locality {
        /** Known to be registered at this host. */
        boolean isLocal(String user);

        /** Known not to be registered at this host. */
        boolean isOutside(String user);

        /** A host that knows nothing (a phone, or a PBX whose registrations its logs have not shown). */
        Locality UNKNOWN = new Locality() {
            @Override
            public boolean isLocal(String user) {
                return false;
            }

            @Override
            public boolean isOutside(String user) {
                return false;
            }
        };
    }

    /**
     * The keys of a transaction, knowing which accounts registered at this PBX ({@code local}): a
     * call a PBX received from outside (a caller not registered here) for one of its own phones is
     * keyed by that phone, with the INVITE it relayed to it and its binding, not by the far caller,
     * whose worker would judge the received leg alone (the proxy's own 408 without the unanswered
     * INVITE behind it).
     */
    public static Set<String> of(SipTransaction tx, Locality local) {
        Set<String> keys = new LinkedHashSet<>(3);
        add(keys, USER, phoneSideUser(tx.getRequest(), tx.isSent(), local));
        int status = tx.getStatus();
        if (status == 401 || status == 403 || status == 404 || status == 407) {
            source(keys, tx.getPeerHost());
        }
        if (status >= 500 && status < 600) {
            add(keys, "server:", tx.getPeerHost());
        }
        return keys;
    }

    public static Set<String> of(Call call, Locality local) {
        return of(call.getInvite(), local);
    }

    public static Set<String> of(Registration reg) {
        Set<String> keys = new LinkedHashSet<>(2);
        user(keys, reg.getAccount());
        if (reg.isReceived()) {
            source(keys, reg.getPeerHost());
        }
        return keys;
    }

    public static Set<String> of(LogNotice notice) {
        Set<String> keys = new LinkedHashSet<>(2);
        source(keys, notice.getPeerHost());
        add(keys, USER, notice.getTarget());
        return keys;
    }

    /** The keys of a message that first shows a Call-ID in a log: its phone's account, as its call's records. */
    public static Set<String> of(SipMessage m, Locality local) {
        Set<String> keys = new LinkedHashSet<>(1);
        // a response sent answers a request received
        add(keys, USER, phoneSideUser(m, m.isRequest() == m.isSent(), local));
        return keys;
    }

    /**
     * The account of the phone a transaction is about, the one key that makes a PBX's view and the
     * phone's view of a call meet: a REGISTER's address of record; for a PBX, the callee (To) of a
     * request it sent and the caller (From) of one it received, unless that party is outside and the
     * other one is registered there; for a phone, itself (the caller when it sent the request, the
     * callee when it received it).
     */
    static String phoneSideUser(SipMessage request, boolean requestSent, Locality local) {
        if ("REGISTER".equals(request.getCseqMethod() != null ? request.getCseqMethod() : request.getMethod())) {
            return HeaderValues.user(request.getTo());
        }
        boolean callee = request.getRole() == org.siphint.event.Role.PBX ? requestSent : !requestSent;
        String calleeUser = null;
        if (callee) {
            // the To header's address of record, as the callee registered it: a PBX sends the call to
            // the registered contact, whose user part is the phone's own (baresip's "alice-0x55b7..."),
            // so the Request-URI is only the fallback
            String user = HeaderValues.user(request.getTo());
            calleeUser = user != null || !request.isRequest() ? user : HeaderValues.user(request.getRequestUri());
            if (request.getRole() != org.siphint.event.Role.PBX || !local.isOutside(calleeUser)) {
                return calleeUser;
            }
        }
        String caller = HeaderValues.user(request.getFrom());
        if (request.getRole() != org.siphint.event.Role.PBX) {
            return caller;
        }
        if (callee) {
            // a leg this PBX sent outside (a trunk, another PBX) for one of its own phones: the caller
            // is the one who must hear that the far end refused
            return local.isLocal(caller) ? caller : calleeUser;
        }
        if (caller != null && !local.isLocal(caller)) {
            String to = HeaderValues.user(request.getTo());
            if (local.isLocal(to)) {
                return to; // from outside to a phone of this PBX
            }
        }
        return caller;
    }

    /**
     * The account, as desktops name it ({@link #ofAccount}), of the phone a unit is about: the same
     * side {@link #phoneSideUser} keys it by, with its domain. Null for what is about no phone.
     */
    public static String phoneSideAccount(org.siphint.event.LogEvent fact) {
        SipTransaction tx = fact instanceof Call call ? call.getInvite() : fact instanceof SipTransaction t ? t : null;
        if (fact instanceof Registration reg) {
            return ofAccount(reg.getAccount());
        }
        if (tx == null || tx.getRequest() == null) {
            return null;
        }
        SipMessage request = tx.getRequest();
        if ("REGISTER".equals(request.getMethod())) {
            return ofAccount(request.getTo());
        }
        boolean callee = request.getRole() == org.siphint.event.Role.PBX ? tx.isSent() : !tx.isSent();
        return ofAccount(callee ? request.getTo() : request.getFrom());
    }

    /**
     * The keys of a B2BUA's leg placed for another call: that call's phone account, with the leg's
     * own other keys (the trunk's refusals and errors still count under its address).
     */
    public static Set<String> asLegOf(Set<String> own, Set<String> incoming) {
        Set<String> keys = new LinkedHashSet<>(own.size() + 1);
        for (String key : incoming) {
            if (key.startsWith(USER)) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            return own;
        }
        for (String key : own) {
            if (!key.startsWith(USER)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * The account, as desktops name it, of the party of a unit whose user is {@code user} (the user
     * its agent keyed it by: it knew which side is its PBX's phone), or null when no party is.
     */
    public static String accountOf(org.siphint.event.LogEvent fact, String user) {
        if (user == null) {
            return null;
        }
        if (fact instanceof Registration reg) {
            return user.equals(HeaderValues.user(reg.getAccount())) ? ofAccount(reg.getAccount()) : null;
        }
        SipTransaction tx = fact instanceof Call call ? call.getInvite() : fact instanceof SipTransaction t ? t : null;
        SipMessage request = tx == null ? null : tx.getRequest();
        if (request == null) {
            return null;
        }
        if (user.equals(HeaderValues.user(request.getFrom()))) {
            return ofAccount(request.getFrom());
        }
        return user.equals(HeaderValues.user(request.getTo())) ? ofAccount(request.getTo()) : null;
    }

    /** The key a finding is published under on the findings topic: its account, as desktops name it. */
    public static String ofAccount(String account) {
        if (account == null || account.isBlank()) {
            return null;
        }
        String a = account.trim();
        int lt = a.indexOf('<');
        if (lt >= 0) {
            int gt = a.indexOf('>', lt);
            a = gt > lt ? a.substring(lt + 1, gt) : a.substring(lt + 1);
        }
        String lower = a.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:")) {
            a = a.substring(4);
        } else if (lower.startsWith("sips:")) {
            a = a.substring(5);
        }
        int semi = a.indexOf(';');
        if (semi >= 0) {
            a = a.substring(0, semi);
        }
        int at = a.indexOf('@');
        if (at < 0) {
            return a;
        }
        // the user part is case-sensitive in SIP, the host part is not
        return a.substring(0, at) + "@" + a.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static void user(Set<String> keys, String uriOrNameAddr) {
        add(keys, USER, HeaderValues.user(uriOrNameAddr));
    }

    private static void source(Set<String> keys, String host) {
        add(keys, "src:", host);
    }

    private static void add(Set<String> keys, String prefix, String value) {
        if (value != null && !value.isBlank() && value.length() <= 256) {
            keys.add(prefix + value);
        }
    }
}
