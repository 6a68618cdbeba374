package org.siphint.engine;

import java.util.concurrent.TimeUnit;

import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.KieServices;
import org.kie.api.time.SessionPseudoClock;
import org.siphint.event.LogEvent;

/**
 * One Drools session in stream mode whose clock is driven by the events' log time, not by the wall
 * clock: a replay of a day-old log correlates exactly as the live run did. Absence rules ("no ACK
 * within 32 s") fire when {@link #advanceTo(long)} moves the clock past their window.
 *
 * <p>Not thread-safe: one thread owns an engine.
 */
public final class RuleEngine implements AutoCloseable {

    private final KieSession session;
    private final SessionPseudoClock clock;
    private long now;
    private String firingRule;

    public RuleEngine(KieBase base, Detections detections) {
        this(base, detections, Thresholds.none());
    }

    /** An engine whose rules read the catalog's limits from the {@code thresholds} global. */
    public RuleEngine(KieBase base, Detections detections, Thresholds thresholds) {
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
        advanceTo(event.getTimestamp());
        session.insert(event);
        session.fireAllRules();
    }

    /** Moves the clock forward to {@code epochMillis} (never back), firing what expires on the way. */
    public void advanceTo(long epochMillis) {
        if (epochMillis > now) {
            clock.advanceTime(epochMillis - now, TimeUnit.MILLISECONDS);
            now = epochMillis;
            session.fireAllRules();
        }
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
