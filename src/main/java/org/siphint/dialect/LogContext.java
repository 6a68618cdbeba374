package org.siphint.dialect;

import java.time.LocalDate;
import java.time.ZoneId;

import org.siphint.event.Role;

/**
 * What a dialect reader knows about the file it reads.
 *
 * @param file      the file name to show in evidence
 * @param role      whose log it is; null until the dialect's default is known
 * @param firstDate the date to assume for formats that log only a time (the file's date)
 * @param zone      the zone the software logged local times in
 */
public record LogContext(String file, Role role, LocalDate firstDate, ZoneId zone) {

    public LogContext {
        if (zone == null) {
            zone = ZoneId.systemDefault();
        }
        if (firstDate == null) {
            firstDate = LocalDate.now(zone);
        }
    }

    /** This context with a role, unless the user already gave one. */
    public LogContext withDefaultRole(Role defaultRole) {
        return role != null ? this : new LogContext(file, defaultRole, firstDate, zone);
    }

    public LogClock newClock() {
        return new LogClock(firstDate, zone);
    }
}
