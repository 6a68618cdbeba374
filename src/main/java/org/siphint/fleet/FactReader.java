package org.siphint.fleet;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.siphint.event.EventJson;
import org.siphint.event.LogEvent;
import org.siphint.event.Role;
import org.siphint.pipeline.Pipeline;
import org.siphint.transaction.Call;
import org.siphint.transaction.SipTransaction;
import org.siphint.transaction.UnitJson;
import org.siphint.util.BoundedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one partition's fact records back into facts for its rule pipeline: units inserted, updated
 * in place and retracted by their ids, media reports and notices as they are, sightings into the
 * {@link FleetLinker}. Every time is moved by the sender's measured clock offset, so hosts whose
 * clocks differ still correlate; the file names get the sender's host id.
 *
 * <p>The rule clock follows the records' times and, while the partition is quiet, the wall clock
 * (absence rules close on time). A live record older than the rules' longest window (10 minutes)
 * behind that clock cannot change a finding any more: it is counted and dropped.
 */
final class FactReader {

    private static final Logger LOG = LoggerFactory.getLogger(FactReader.class);
    /** Records older than this behind the rule clock are dropped: every rule window has closed on them. */
    static final long TOO_OLD_MILLIS = 10 * 60_000L;
    static final int MAX_UNITS = 200_000;
    static final int MAX_SEEN = 100_000;

    enum Outcome { FACT, NOTHING, DROPPED }

    private final Pipeline pipeline;
    private final FleetLinker linker = new FleetLinker();
    private final LinkedHashMap<String, LogEvent> units = BoundedMap.droppingOldest(MAX_UNITS);
    /** Sender and sequence number of the records read lately: a record under two keys of one partition comes twice. */
    private final LinkedHashMap<String, Boolean> seen = BoundedMap.droppingOldest(MAX_SEEN);
    private final Map<String, String> lastProblem = new HashMap<>();
    private long lastRecordTime;
    private long lastArrival;
    /** Type of the record read last (unit, media, notice...), and why it was dropped: for the metrics. */
    private String lastType = "";
    private String dropReason = "";
    private final java.util.function.Consumer<LogEvent> beforeRules;

    FactReader(Pipeline pipeline) {
        this(pipeline, fact -> { });
    }

    /** {@code beforeRules} sees each fact just before the rules do (a finding it causes may need to know where it came from). */
    FactReader(Pipeline pipeline, java.util.function.Consumer<LogEvent> beforeRules) {
        this.pipeline = pipeline;
        this.beforeRules = beforeRules;
    }

    Outcome read(byte[] value, boolean live, long wall) {
        FactRecord r;
        try {
            r = FactRecord.parse(value);
        } catch (FactRecord.MalformedRecordException e) {
            warnOnce("malformed", "dropped a record the facts topic should not hold: {}", e.getMessage());
            lastType = "malformed";
            dropReason = "malformed";
            return Outcome.DROPPED;
        }
        lastType = r.type();
        dropReason = "unreadable";
        if ("clock".equals(r.type())) {
            return Outcome.NOTHING;
        }
        if (seen.put(r.host() + '/' + r.seq(), Boolean.TRUE) != null) {
            return Outcome.NOTHING;
        }
        EventJson.Relabel relabel = new EventJson.Relabel(r.host(), r.offset());
        try {
            LogEvent fact = switch (r.type()) {
                case "unit" -> unit(r, relabel);
                case "media" -> EventJson.media(r.body(), relabel);
                case "notice" -> EventJson.notice(r.body(), relabel);
                case "sighting" -> {
                    sighting(r.body(), relabel);
                    yield null;
                }
                default -> {
                    warnOnce("type:" + r.type(), "dropped a record of unknown type {}", r.type());
                    yield null;
                }
            };
            if (fact == null) {
                return "unit".equals(r.type()) && "update".equals(r.op()) || "retract".equals(r.op())
                        || "sighting".equals(r.type()) ? Outcome.NOTHING : Outcome.DROPPED;
            }
            if (live && pipeline.now() - fact.getTimestamp() > TOO_OLD_MILLIS && lastRecordTime > 0) {
                dropReason = "too-old";
                return Outcome.DROPPED;
            }
            if (fact instanceof SipTransaction tx) {
                linker.link(tx);
            } else if (fact instanceof Call call) {
                linker.link(call);
            }
            beforeRules.accept(fact);
            if (fact instanceof SipTransaction || fact instanceof Call || fact instanceof org.siphint.transaction.Registration) {
                pipeline.acceptUnit(fact);
            } else {
                pipeline.accept(fact);
            }
            lastRecordTime = Math.max(lastRecordTime, fact.getTimestamp());
            lastArrival = wall;
            return Outcome.FACT;
        } catch (RuntimeException e) {
            // a record that parses as JSON but holds nonsense (a date that is no date, a role that is no role)
            warnOnce("bad:" + r.type(), "dropped a {} record from {}: {}", r.type(), r.host(), e.toString());
            return Outcome.DROPPED;
        }
    }

    /** The type of the record {@link #read} saw last. */
    String lastType() {
        return lastType;
    }

    /** Why the record {@link #read} saw last was dropped: malformed, unreadable or too-old. */
    String dropReason() {
        return dropReason;
    }

    /** Moves the rule clock with the wall clock while the partition is quiet, as the live daemon does. */
    void tick(long wall) {
        if (lastRecordTime > 0 && wall > lastArrival) {
            pipeline.advanceTo(lastRecordTime + (wall - lastArrival));
        }
    }

    private LogEvent unit(FactRecord r, EventJson.Relabel relabel) {
        String id = r.id();
        if (id == null) {
            return null;
        }
        switch (String.valueOf(r.op())) {
            case "insert": {
                LogEvent unit = UnitJson.read(r.body(), relabel);
                if (unit == null) {
                    warnOnce("unit", "dropped a unit record from {} that does not hold a whole unit", r.host());
                    return null;
                }
                if (!(unit instanceof SipTransaction)) {
                    units.put(id, unit);
                }
                return unit;
            }
            case "update": {
                LogEvent fact = units.get(id);
                LogEvent snapshot = fact == null ? null : UnitJson.read(r.body(), relabel);
                if (snapshot != null && UnitJson.update(fact, snapshot)) {
                    pipeline.updateUnit(fact);
                }
                return null;
            }
            case "retract": {
                LogEvent fact = units.remove(id);
                if (fact != null) {
                    pipeline.retractUnit(fact);
                }
                return null;
            }
            default:
                return null;
        }
    }

    private void sighting(JsonNode body, EventJson.Relabel relabel) {
        if (body == null) {
            return;
        }
        String callId = EventJson.text(body, "callId");
        String file = EventJson.text(body, "file");
        String role = EventJson.text(body, "role");
        if (callId != null && file != null) {
            linker.sighted(callId, relabel.host() + ":" + file, role == null ? null : Role.parse(role));
        }
    }

    private void warnOnce(String what, String format, Object... args) {
        String message = String.valueOf(args.length > 0 ? args[args.length - 1] : "");
        if (!message.equals(lastProblem.put(what, message))) {
            LOG.warn(format, args);
        }
    }
}
