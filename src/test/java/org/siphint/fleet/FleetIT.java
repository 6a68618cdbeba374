package org.siphint.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.event.LogEvent;
import org.siphint.event.Role;
import org.siphint.finding.Finding;
import org.siphint.metrics.Metrics;
import org.siphint.source.LogSource;

/**
 * The fleet end to end on a real Kafka broker (KRaft, in this JVM): the PBX's log at agent A, the
 * softphone's at agent B, a central worker running the shipped rules, and the finding at the desktop
 * of the account it concerns, which never saw the call.
 */
class FleetIT {

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(dir.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static List<LogEvent> pair() throws Exception {
        return FleetHarness.eventsEndingAgo(FleetHarness.correlatedPair("invite-never-reaches-phone", dir), 60_000);
    }

    private static volatile String lastCentralScrape = "";
    private static volatile String lastAgentScrape = "";

    @Test
    void thePbxsFindingAboutAlicePopsUpAtAlicesDesktopAsOneMachineWouldFindIt() throws Exception {
        List<LogEvent> events = pair();
        List<Finding> expected = FleetHarness.locally(events);
        assertFalse(expected.isEmpty(), "the sample pair gives a finding on one machine");
        List<Finding> atAlice = runFleet("pair", events, Duration.ZERO, List.of("sip:alice@pbx.example.com"));
        assertEquals(summary(expected), summary(atAlice));
        Finding f = atAlice.get(0);
        assertEquals("no-incoming-calls", f.situation());
        assertTrue(f.evidence().stream().anyMatch(e -> e.file().startsWith("pbx1:")),
                "the evidence names the PBX host's log: " + f.evidence());
    }

    @Test
    void agentAndCentralCountWhatTheyPublishAndReadAndTheLag() throws Exception {
        runFleet("metrics", pair(), Duration.ZERO, List.of("sip:alice@pbx.example.com"));
        assertTrue(Pattern.compile("(?m)^siphint_facts_out_total\\{kind=\"unit\"} [1-9]").matcher(lastAgentScrape).find(),
                lastAgentScrape);
        assertTrue(Pattern.compile("(?m)^siphint_facts_in_total\\{kind=\"unit\"} [1-9]").matcher(lastCentralScrape).find(),
                lastCentralScrape);
        assertTrue(Pattern.compile("(?m)^siphint_facts_out_total\\{kind=\"finding\"} [1-9]").matcher(lastCentralScrape).find(),
                lastCentralScrape);
        // everything was read: each held partition reports a lag of 0
        assertTrue(Pattern.compile("(?m)^siphint_consumer_lag\\{partition=\"[01]\"} 0").matcher(lastCentralScrape).find(),
                lastCentralScrape);
    }

    @Test
    void aCallThePbxRefusedPopsUpAtTheCallersDesktopNotTheCallees() throws Exception {
        List<LogEvent> pbxOnly = pbxOnly("asterisk/call-not-acceptable.log");
        assertEquals(List.of("sip-488 codecs f50947aaeb26c57d21fa5d"), atDesktop("refused-caller", pbxOnly, "sip:1001@pbx.example.com"));
        assertEquals(List.of(), atDesktop("refused-callee", pbxOnly, "sip:1002@pbx.example.com"),
                "the callee never knew of the call");
    }

    /**
     * Asterisk's leg to the trunk has a Call-ID of its own and the office's caller ID in From: no
     * header names the phone. The Dial() line links it to 1001's call, so 1001's desktop hears what
     * the provider answered (the number does not exist), and the office number's owner does not.
     */
    @Test
    void aTrunkLegAsteriskPlacedForAPhonePopsUpAtThatPhonesDesktop() throws Exception {
        List<LogEvent> pbxOnly = pbxOnly("asterisk/trunk-call-not-found-for-phone.log");
        assertEquals(List.of("sip-404 unknown-number e7c41a09b3d25f68@192.168.0.14"),
                atDesktop("trunk-leg", pbxOnly, "1001@pbx.example.com"), "the trunk's answer, about 1001's call");
        assertEquals(List.of(), atDesktop("trunk-leg-office", pbxOnly, "+4930555000@pbx.example.com"),
                "the caller ID the PBX put on the trunk leg is nobody's desktop");
    }

    /** A sample PBX log's events, as agent pbx1 alone would publish them, ending 30 s ago. */
    private static List<LogEvent> pbxOnly(String sample) throws IOException {
        return FleetHarness.eventsEndingAgo(List.of(new LogSource(Path.of("sample-logs", sample), Role.PBX, null)), 30_000);
    }

    /** What the desktop of one account pops up of the PBX's events, as situation, cause and Call-ID. */
    private static List<String> atDesktop(String name, List<LogEvent> events, String account) throws Exception {
        return runFleet(name, events, Duration.ZERO, List.of(account)).stream()
                .map(f -> f.situation() + " " + f.cause() + " " + f.callId()).toList();
    }

    @Test
    void aDesktopGetsNothingOfAnotherAccount() throws Exception {
        List<Finding> atBob = runFleet("other", pair(), Duration.ZERO, List.of("bob@pbx.example.com"));
        assertEquals(List.of(), atBob);
    }

    /**
     * The lab's real recordings on two hosts: Kamailio's sipdump at agent A, baresip's log at agent
     * B. Kamailio relays the far caller's INVITE to alice's registered contact, whose user part is
     * baresip's own ({@code alice-0x...}), not the account: the proxy's legs and alice's binding
     * must still meet in one worker, and the far caller must get no half view of the call.
     */
    @Test
    void theLabsProxyAndPhoneOnTwoHostsGiveWhatOneMachineFinds() throws Exception {
        List<LogEvent> events = FleetHarness.eventsEndingAgo(FleetHarness.labPair("no-incoming-calls", dir), 60_000);
        List<Finding> expected = FleetHarness.locally(events).stream().filter(f -> !f.severity().equals("info")).toList();
        assertEquals(List.of("no-incoming-calls"), expected.stream().map(Finding::situation).toList());
        String alice = PartitionKeys.ofAccount(expected.get(0).account());
        List<Finding> atAlice = runFleet("lab-alice", events, Duration.ZERO, List.of(alice));
        assertEquals(summary(expected), summary(atAlice));
        List<Finding> atCaller = runFleet("lab-caller", events, Duration.ZERO, List.of("caller@far.test"));
        assertEquals(Set.of(), summary(atCaller), "the far caller's leg alone is no call of its own");
    }

    @Test
    void aPbxWhoseClockIs90sBehindStillCorrelatesWithThePhone() throws Exception {
        List<LogEvent> events = pair();
        List<Finding> expected = FleetHarness.locally(events);
        List<Finding> atAlice = runFleet("skew", events, Duration.ofSeconds(-90), List.of("alice@pbx.example.com"));
        assertEquals(summary(expected), summary(atAlice));
        // the measured offset brings the PBX's times back: the finding's time is the true one
        long error = Math.abs(atAlice.get(0).time().toEpochMilli() - expected.get(0).time().toEpochMilli());
        assertTrue(error < 1000, "time off by " + error + " ms");
    }

    private static List<Finding> runFleet(String name, List<LogEvent> events, Duration pbxSkew, List<String> accounts)
            throws Exception {
        return runFleet(name, events, pbxSkew, accounts, true);
    }

    /**
     * Publishes the PBX's events from agent "pbx1" (whose clock, and so its log, is {@code pbxSkew}
     * off) and the phone's from agent "desk-alice", runs one central worker, and returns what the
     * desktop following {@code accounts} received within the time the rules need.
     */
    private static List<Finding> runFleet(String name, List<LogEvent> events, Duration pbxSkew, List<String> accounts,
                                          boolean measureOffset) throws Exception {
        KafkaSettings pbxSide = FleetHarness.settings(broker, "pbx1", name, 2);
        KafkaSettings phoneSide = FleetHarness.settings(broker, "desk-alice", name, 2);
        assertTrue(Topics.ensure(pbxSide, 30_000));
        List<Finding> received = Collections.synchronizedList(new ArrayList<>());
        phoneSide.accounts = accounts;
        Metrics centralMetrics = Metrics.create();
        Metrics agentMetrics = Metrics.create();
        CentralWorker worker = new CentralWorker(pbxSide, FleetHarness.pipelines(), List.of()).countInto(centralMetrics);
        Thread workerThread = new Thread(worker, "central");
        FindingSubscriber desktop = new FindingSubscriber(phoneSide, dir.resolve("desk-" + name), Duration.ofMinutes(10),
                received::add);
        Thread desktopThread = new Thread(desktop, "desktop");
        workerThread.start();
        desktopThread.start();
        Clock pbxClock = FleetHarness.skewed(pbxSkew);
        try (KafkaProducer<String, byte[]> a = FleetHarness.producer(pbxSide);
             KafkaProducer<String, byte[]> b = FleetHarness.producer(phoneSide)) {
            ClockProbe probe = new ClockProbe(a, pbxSide.factsTopic, "pbx1", pbxClock);
            if (measureOffset) {
                assertTrue(probe.probe(3, 10_000), "the offset is measured against the broker");
                assertTrue(Math.abs(probe.offsetMillis() - pbxSkew.toMillis()) < 500, "measured " + probe.offsetMillis());
            }
            FactPublisher agentA = new FactPublisher(a, pbxSide.factsTopic, "pbx1", pbxClock, probe).countInto(agentMetrics);
            FactPublisher agentB = new FactPublisher(b, phoneSide.factsTopic, "desk-alice", Clock.systemUTC(), null);
            org.siphint.event.EventJson.Relabel skew = new org.siphint.event.EventJson.Relabel(null, -pbxSkew.toMillis());
            for (LogEvent e : events) {
                // each agent's records reach the broker before the other's later ones, as minutes apart
                // in the logs they would (the rules judge a unit when it arrives)
                if (e.getRole() == Role.PBX) {
                    agentA.accept(pbxSkew.isZero() ? e : FleetHarness.moved(e, skew));
                    a.flush();
                } else {
                    agentB.accept(e);
                    b.flush();
                }
            }
            agentA.advanceTo(pbxClock.millis());
            agentB.advanceTo(System.currentTimeMillis());
            a.flush();
            b.flush();
            long deadline = System.currentTimeMillis() + 30_000;
            while (received.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(1500); // anything further would come now
            lastCentralScrape = centralMetrics.scrape();
            lastAgentScrape = agentMetrics.scrape();
        } finally {
            worker.stop();
            desktop.stop();
            workerThread.join(10_000);
            desktopThread.join(10_000);
        }
        return new ArrayList<>(received);
    }

    private static Set<String> summary(List<Finding> findings) {
        return findings.stream().map(f -> f.situation() + " " + f.cause() + " " + f.callId() + " "
                + PartitionKeys.ofAccount(f.account())).collect(Collectors.toSet());
    }
}
