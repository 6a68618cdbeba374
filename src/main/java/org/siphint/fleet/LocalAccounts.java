package org.siphint.fleet;

import java.util.LinkedHashMap;

import org.siphint.util.BoundedMap;


/**
 * The accounts this host, as a PBX or registrar, accepted registrations of: its own phones, as far
 * as its logs have shown them.
 *
 * <p>A phone that registered before the agent started is not known until it refreshes its binding,
 * so "not seen registering" proves nothing at first. It proves that a user is outside (a trunk's
 * number, another PBX's phone) only once the logs have run longer than the longest binding this
 * host granted: by then every phone registered here has had to refresh.
 */
final class LocalAccounts implements PartitionKeys.Locality {

    static final int MAX_ACCOUNTS = 50_000;
    /** A registrar that never said how long it keeps a binding keeps it an hour (RFC 3261 10.2.1.1's default). */
    static final long DEFAULT_EXPIRES_MILLIS = 3_600_000;

    private final LinkedHashMap<String, Boolean> registered = BoundedMap.droppingLeastRecentlyUsed(MAX_ACCOUNTS);
    /** Log time of the first registration accepted here, {@link Long#MIN_VALUE} before any. */
    private long firstAccepted = Long.MIN_VALUE;
    private long longestGrantedMillis;
    private long latest = Long.MIN_VALUE;

    /** A registration this host accepted at log time {@code at}, for {@code expiresSeconds} (-1: not said). */
    void registered(String user, long at, int expiresSeconds) {
        if (user == null) {
            return;
        }
        registered.put(user, Boolean.TRUE);
        if (firstAccepted == Long.MIN_VALUE) {
            firstAccepted = at;
        }
        long granted = expiresSeconds > 0 ? expiresSeconds * 1000L : DEFAULT_EXPIRES_MILLIS;
        longestGrantedMillis = Math.max(longestGrantedMillis, Math.min(granted, 24 * DEFAULT_EXPIRES_MILLIS));
        seen(at);
    }

    /** The log time of a unit this host logged: how long its logs have run. */
    void seen(long at) {
        latest = Math.max(latest, at);
    }

    @Override
    public boolean isLocal(String user) {
        return user != null && registered.containsKey(user);
    }

    @Override
    public boolean isOutside(String user) {
        return user != null && !registered.containsKey(user) && firstAccepted != Long.MIN_VALUE
                && latest - firstAccepted > longestGrantedMillis;
    }
}
