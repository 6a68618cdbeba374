package org.siphint.transaction;

import org.siphint.event.LogEvent;

/** Where the transaction layer hands its units: the rule engine's working memory. */
public interface UnitSink {

    /** A unit becomes a fact (a transaction that ended, a call answered, a binding accepted). */
    void insert(LogEvent unit);

    /** A fact changed: a call was acknowledged, held or hung up, a binding refreshed. */
    void update(LogEvent unit);

    /** The layer is done with a fact (a call that ended minutes ago): it leaves working memory. */
    void retract(LogEvent unit);
}
