package org.siphint.event;

/**
 * Where an event was read: the file (as the user named it), the 1-based line where the event
 * starts, and the file's role.
 */
public record Origin(String file, long line, Role role) {

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
