package org.siphint.transaction;

import org.siphint.event.LogEvent;

/** Where the transaction layer hands its units: the rule engine's working memory. */
public interface UnitSink {

    /** A unit becomes a fact (a transaction that ended, a call answered, a binding accepted). */
    void insert(LogEvent unit);

    /**
     * A fact changed: a call was acknowledged, held or hung up, a binding refreshed. {@code changed}
     * names the properties that changed, so that only the patterns reading them are evaluated again;
     * none named means any may have.
     */
    void update(LogEvent unit, String... changed);

    /** The layer is done with a fact (a call that ended minutes ago): it leaves working memory. */
    void retract(LogEvent unit);
}
