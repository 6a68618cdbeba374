package org.siphint.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.siphint.event.Role;
import org.siphint.transaction.Call;
import org.siphint.transaction.SipTransaction;
import org.siphint.transaction.UnitJson;
import org.siphint.util.BoundedMap;

/**
 * What only the central worker can know: whether a call seen in one host's log was seen in another
 * host's log too, and the same transaction as the other end logged it (the PBX's INVITE sent is the
 * phone's INVITE received). Agents make these links for their own logs; a worker makes them again
 * for every log of its partition, from the sightings and the units it reads. Bounded: the oldest
 * Call-IDs are forgotten first.
 */
final class FleetLinker {

    static final int MAX_CALLS = 100_000;

    private final LinkedHashMap<String, Map<String, Role>> sightings = BoundedMap.droppingOldest(MAX_CALLS);
    private final LinkedHashMap<String, List<SipTransaction>> views = BoundedMap.droppingOldest(MAX_CALLS);

    /** A Call-ID appeared in a log ({@code file}, already named with its host). */
    void sighted(String callId, String file, Role role) {
        Map<String, Role> files = sightings.computeIfAbsent(callId, k -> new HashMap<>(2));
        if (files.size() < 16) {
            files.putIfAbsent(file, role);
        }
    }

    /** Links a transaction that is about to become a fact to its other views, and records it as a view. */
    void link(SipTransaction tx) {
        sighted(tx.getCallId(), tx.getFile(), tx.getRole());
        List<SipTransaction> same = views.computeIfAbsent(key(tx), k -> new ArrayList<>(2));
        SipTransaction other = null;
        for (SipTransaction view : same) {
            if (!view.getFile().equals(tx.getFile()) && view.isSent() != tx.isSent()) {
                other = view;
                break;
            }
        }
        boolean seenElsewhere = false;
        Map<String, Role> files = sightings.get(tx.getCallId());
        if (files != null) {
            for (String file : files.keySet()) {
                if (!file.equals(tx.getFile())) {
                    seenElsewhere = true;
                    break;
                }
            }
        }
        UnitJson.link(tx, other, seenElsewhere);
        if (same.size() < 8) {
            same.add(tx);
        }
    }

    /** A call's INVITE is a view of its transaction too (the phone that answered logged it). */
    void link(Call call) {
        link(call.getInvite());
    }

    private static String key(SipTransaction tx) {
        return tx.getCallId() + '\u0000' + tx.getCseq() + '\u0000' + tx.getMethod();
    }
}
