package org.siphint.dialect;

/**
 * One log format: knows how to recognise its lines and how to frame them into events.
 *
 * <p>A dialect is stateless; {@link #open(LogContext)} makes the stateful reader for one file.
 */
public interface Dialect {

    /** Stable id used in configs and by {@code --dialect}, e.g. {@code asterisk} or {@code pjsip}. */
    String id();

    /** What software writes this format, for {@code doctor} and error messages. */
    String description();

    /**
     * How strongly a line marks this format: 0 when it says nothing, higher for lines no other
     * format writes (a SIP message header of this format scores highest). Called on a file's first
     * lines only, so it may use regexes.
     */
    int score(String line);

    /** Whose log this format usually is, when the user does not say. */
    org.siphint.event.Role defaultRole();

    /** A reader for one file. */
    DialectReader open(LogContext context);
}
