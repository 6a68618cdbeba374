package org.siphint.finding;

/** Where findings go: JSON lines, the console, the notifier, the history. */
public interface FindingSink extends AutoCloseable {

    void accept(Finding finding);

    @Override
    default void close() {
    }
}
