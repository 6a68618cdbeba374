package org.siphint.dialect;

import java.time.InstantSource;
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
 * @param undated   the time of the lines before the log wrote any (all of them in a log that writes
 *                  none, as baresip 1.0 and Kamailio's stderr): the file's last modification when it
 *                  is read whole, the moment a line is read when it is followed as it grows
 */
public record LogContext(String file, Role role, LocalDate firstDate, ZoneId zone, InstantSource undated) {

    public LogContext {
        if (zone == null) {
            zone = ZoneId.systemDefault();
        }
        if (firstDate == null) {
            firstDate = LocalDate.now(zone);
        }
        if (undated == null) {
            undated = InstantSource.fixed(firstDate.atStartOfDay(zone).toInstant());
        }
    }

    /** A context whose undated lines fall at the start of {@code firstDate}. */
    public LogContext(String file, Role role, LocalDate firstDate, ZoneId zone) {
        this(file, role, firstDate, zone, null);
    }

    /** This context with a role, unless the user already gave one. */
    public LogContext withDefaultRole(Role defaultRole) {
        return role != null ? this : new LogContext(file, defaultRole, firstDate, zone, undated);
    }

    public LogClock newClock() {
        return new LogClock(firstDate, zone, undated);
    }
}
