package org.siphint.notify;

import org.siphint.finding.Finding;

/**
 * Shows a finding to the person at the desktop. Implementations may block (a frozen notification
 * server does), so siphint only ever calls them from {@link NotifierSink}'s own thread.
 */
public interface Notifier extends AutoCloseable {

    /** A short name for {@code doctor} and logs, e.g. {@code libnotify} or {@code console}. */
    String name();

    /**
     * Shows one finding.
     *
     * @throws NotifierException when the notification could not be shown
     */
    void show(Finding finding) throws NotifierException;

    /**
     * Called on the notifier's thread a few times a second between pop-ups, so a notifier can
     * handle what the desktop sends back (a click on an action) on the thread that shows pop-ups.
     */
    default void dispatch() {
    }

    /** Releases what the notifier holds; called on the notifier's own thread when it stops. */
    @Override
    default void close() {
    }
}
