package org.siphint.source;

import java.nio.file.Path;

import org.siphint.event.Role;

/**
 * A log file to read, whose log it is, and its dialect when the user forces one.
 *
 * @param path    the file
 * @param role    softphone or PBX; null to take the dialect's usual role
 * @param dialect a dialect id, or null to detect it from the file's first lines
 */
public record LogSource(Path path, Role role, String dialect) {

    /** The name shown in evidence: the path as the user gave it. */
    public String displayName() {
        return path.toString();
    }
}
