package org.siphint.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.drools.core.common.InternalFactHandle;
import org.drools.core.time.TimerService;

import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.KieServices;
import org.kie.api.time.SessionPseudoClock;
import org.siphint.event.LogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Drools session in stream mode whose clock is driven by the events' log time, not by the wall
 * clock: a replay of a day-old log correlates exactly as the live run did. Absence rules ("no ACK
 * within 32 s") fire when {@link #advanceTo(long)} moves the clock past their window.
 *
 * <p>Not thread-safe: one thread owns an engine.
 */
public final class RuleEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);

    /**
     * Events kept in working memory at most. Events expire by time ({@code @Expires}), which bounds
     * memory by the event rate; a flood (a scanner sending hundreds of INVITEs a second) would still
     * fill the heap, so past this many the oldest events leave early. At a desktop's rate this is
     * hours of events; under a flood of 200 a second it is still longer than any rule's window.
     * An event costs about 11 KB of heap with the shipped rules (measured by FloodTest: 336 MB for
     * 30,000), so the bound follows the heap the JVM may use: a fifth of it, between 4,000 events
     * (the desktop daemon's 128 MB heap) and 30,000.
     */
    public static final int MAX_EVENTS = (int) Math.max(4_000,
            Math.min(30_000, Runtime.getRuntime().maxMemory() / 5 / (11 * 1024)));

    private final KieSession session;
    private final KieBase base;
    private final Deque<FactHandle> inserted = new ArrayDeque<>();
    private final Map<Object, FactHandle> handles = new IdentityHashMap<>();
    /** Whether facts changed since the rules last fired. */
    private boolean dirty;
    private final int maxEvents;
    private long evicted;
    private final SessionPseudoClock clock;
    private long now;
    private String firingRule;

    public RuleEngine(KieBase base, Detections detections) {
        this(base, detections, Thresholds.none(), MAX_EVENTS);
    }

    /** An engine whose rules read the catalog's limits from the {@code thresholds} global. */
    public RuleEngine(KieBase base, Detections detections, Thresholds thresholds) {
        this(base, detections, thresholds, MAX_EVENTS);
    }

    /**
     * An engine whose rules read the catalog's limits from the {@code thresholds} global and that
     * keeps at most {@code maxEvents} events in working memory.
     */
    public RuleEngine(KieBase base, Detections detections, Thresholds thresholds, int maxEvents) {
        this.maxEvents = maxEvents;
        this.base = base;
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.PSEUDO);
        this.session = base.newKieSession(conf, null);
        this.clock = session.getSessionClock();
        this.now = clock.getCurrentTime();
        boolean declared = false;
        boolean thresholdsDeclared = false;
        for (KiePackage p : base.getKiePackages()) {
            for (Global g : p.getGlobalVariables()) {
                if (g.getName().equals("detections")) {
                    declared = true;
                } else if (g.getName().equals("thresholds")) {
                    thresholdsDeclared = true;
                }
            }
        }
        if (thresholdsDeclared) {
            session.setGlobal("thresholds", thresholds);
        }
        if (declared) {
            session.setGlobal("detections", (Detections) d -> {
                d.rule(firingRule);
                detections.report(d);
            });
        }
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                firingRule = null;
            }

            @Override
            public void beforeMatchFired(org.kie.api.event.rule.BeforeMatchFiredEvent event) {
                firingRule = event.getMatch().getRule().getName();
            }
        });
    }

    /** Moves the clock to the event's time (never back) and inserts it; rules fire before this returns. */
    public void insert(LogEvent event) {
        insertAll(List.of(event));
    }

    /**
     * Inserts events in log order, firing the rules once per distinct log time rather than once
     * per event: the network is evaluated set-wise (Phreak evaluates lazily, so firing less often
     * is cheaper) and a log that stamps whole seconds hands over a second's messages at a time.
     * The rules see the same facts at every point in time as when the events come one at a time;
     * only the order of firings among events of one instant can differ (a log's order within one
     * second says little: Asterisk's threads write their lines as they get to them).
     */
    public void insertAll(List<? extends LogEvent> events) {
        for (LogEvent event : events) {
            advanceTo(event.getTimestamp());
            add(event);
        }
        session.fireAllRules();
    }

    /**
     * Adds a fact at the current time without firing: the caller moves the clock and fires
     * ({@link #advanceTo}, {@link #fire}). A unit that ended earlier (a transaction whose final
     * response came a moment ago) may carry an older time than the clock.
     */
    public void add(Object fact) {
        FactHandle handle = session.insert(fact);
        dirty = true;
        inserted.addLast(handle);
        handles.put(fact, handle);
        trim();
    }

    /**
     * Tells the rules that a fact changed (a call hung up, a binding refreshed). A fact that already
     * left working memory (it expired) comes back as a new one.
     */
    public void update(Object fact, String... changed) {
        FactHandle handle = handles.get(fact);
        if (handle == null || gone(handle)) {
            add(fact);
            return;
        }
        // property reactivity: only the patterns that read a changed property are evaluated again
        if (changed.length == 0) {
            session.update(handle, fact);
        } else {
            session.update(handle, fact, changed);
        }
        dirty = true;
    }

    /** Takes a fact out of working memory before it expires. */
    public void retract(Object fact) {
        FactHandle handle = handles.remove(fact);
        if (handle != null && !gone(handle)) {
            session.delete(handle);
            dirty = true;
        }
    }

    /** Fires what the facts added since the last firing activate. */
    public void fire() {
        session.fireAllRules();
        dirty = false;
    }

    /**
     * Whether some rule matches facts of this class (or a class it extends): the pipeline inserts
     * raw SIP messages only for rule files that ask for them.
     */
    public boolean matches(Class<?> type) {
        if (!(base instanceof org.drools.core.impl.InternalRuleBase rules)) {
            return true;
        }
        for (org.drools.core.reteoo.ObjectTypeNode node : rules.getRete().getObjectTypeNodes()) {
            if (node.getObjectType() instanceof org.drools.base.base.ClassObjectType c
                    && c.getClassType() != Object.class && c.getClassType().isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    /** The log events still in working memory, oldest first: what a new rule set is primed with. */
    public List<LogEvent> liveEvents() {
        List<LogEvent> live = new ArrayList<>();
        for (FactHandle h : inserted) {
            if (!gone(h) && session.getObject(h) instanceof LogEvent e) {
                live.add(e);
            }
        }
        live.sort(java.util.Comparator.comparingLong(LogEvent::getTimestamp));
        return live;
    }

    /**
     * Keeps the list of inserted events to those still in working memory (events leave it in
     * insertion order, so the expired ones are at its head) and, past the bound, removes the
     * oldest live ones.
     */
    private void trim() {
        while (!inserted.isEmpty() && gone(inserted.peekFirst())) {
            forget(inserted.pollFirst());
        }
        while (inserted.size() > maxEvents) {
            evictOldest();
        }
    }

    private void forget(FactHandle handle) {
        if (handle instanceof InternalFactHandle h) {
            Object fact = h.getObject();
            if (fact != null && handles.get(fact) == handle) {
                handles.remove(fact);
            }
        }
    }

    /** Whether an event left working memory: an expired event's handle stays valid, so both are asked. */
    private static boolean gone(FactHandle handle) {
        return handle instanceof InternalFactHandle h && (h.isExpired() || !h.isValid());
    }

    private void evictOldest() {
        FactHandle oldest = inserted.pollFirst();
        forget(oldest);
        if (gone(oldest)) {
            return;
        }
        if (evicted++ == 0) {
            LOG.warn("more than {} events within the rules' memory (a flood?): the oldest now leave before they expire",
                    maxEvents);
        }
        session.delete(oldest);
    }

    /** Events that left working memory early because of {@link #MAX_EVENTS}. */
    public long evictedCount() {
        return evicted;
    }

    /** Moves the clock forward to {@code epochMillis} (never back), firing what expires on the way. */
    public void advanceTo(long epochMillis) {
        if (epochMillis > now) {
            // the facts of the instant that ends are judged at their own time: moving the clock
            // first would expire them (a gap of hours between two logs) before a rule saw them
            if (dirty) {
                fire();
            }
            // nothing changed and no timer or expiry falls due on the way: firing would find nothing to do
            boolean due = nextDue() <= epochMillis;
            clock.advanceTime(epochMillis - now, TimeUnit.MILLISECONDS);
            now = epochMillis;
            if (due) {
                fire();
            }
        }
    }

    /**
     * When, in the engine's time, the next thing happens without a new event: an absence window
     * closes, a timer rule fires, an event expires. {@link Long#MAX_VALUE} when nothing is scheduled,
     * and the current time when the engine cannot tell.
     */
    public long nextDue() {
        if (!(clock instanceof TimerService timers)) {
            return now;
        }
        long wait = timers.getTimeToNextJob();
        return wait < 0 ? Long.MAX_VALUE : now + wait;
    }

    /** The engine's current time in epoch milliseconds. */
    public long now() {
        return now;
    }

    /** Facts in working memory: a bound that must hold however long the daemon runs. */
    public long factCount() {
        return session.getFactCount();
    }

    @Override
    public void close() {
        session.dispose();
    }
}
