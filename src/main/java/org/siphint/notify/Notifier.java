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

    @Override
    default void close() {
    }
}
