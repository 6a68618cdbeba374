package org.siphint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siphint.event.Direction;
import org.siphint.finding.Finding;

class LadderBuilderTest {

    private static final String PHONE = "src/test/resources/report/two-logs/softphone.log";
    private static final String PBX = "src/test/resources/report/two-logs/pbx.log";

    @Test
    void asteriskCallNotAcceptableShowsThePhoneThePbxAndTheRefusedOffer() throws Exception {
        String log = "sample-logs/asterisk/call-not-acceptable.log";
        RecordedReplay r = RecordedReplay.of(null, Path.of(log));
        Finding f = r.finding("sip-488");
        Ladder ladder = r.ladder(f);

        assertEquals(List.of(new Ladder.Party("198.51.100.23:52841", "Zoiper rv2.10.20.2", null),
                new Ladder.Party("PBX", "call-not-acceptable.log", log)), ladder.parties());
        assertEquals(List.of("INVITE", "401 Unauthorized", "ACK", "INVITE", "488 Not Acceptable Here", "ACK"), labels(ladder));
        List<Ladder.Arrow> arrows = ladder.arrows();
        assertEquals(List.of(0, 1, 0, 0, 1, 0), arrows.stream().map(Ladder.Arrow::from).toList(), "the phone sends, the PBX answers");
        assertEquals(List.of(false, false, false, true, true, false), arrows.stream().map(Ladder.Arrow::fault).toList(),
                "the offer with credentials and the 488 are the evidence");
        assertEquals("SDP G729, with credentials", arrows.get(3).detail());
        assertEquals(61, arrows.get(3).views().get(0).line());
        assertTrue(arrows.stream().noneMatch(Ladder.Arrow::neverReceived));
        assertTrue(arrows.stream().noneMatch(Ladder.Arrow::paired), "one log: one view per arrow");

        // the PBX's NOTICE sits on its lifeline between the offer and the 488
        Ladder.Step note = ladder.steps().get(4);
        assertTrue(note instanceof Ladder.Note n && n.party() == 1 && n.fault() && n.text().contains("No joint capabilities"),
                String.valueOf(note));
        assertEquals(90, note.views().get(0).line());
        assertTrue(arrows.get(3).views().get(0).text().contains("a=rtpmap:18 G729/8000"));
    }

    @Test
    void pjsipWrongPasswordHighlightsTheRefusedCredentials() throws Exception {
        String log = "sample-logs/pjsip/register-wrong-password.log";
        RecordedReplay r = RecordedReplay.of(null, Path.of(log));
        Ladder ladder = r.ladder(r.finding("sip-401"));

        assertEquals(List.of(new Ladder.Party("Softphone", "register-wrong-password.log", log),
                new Ladder.Party("192.0.2.10:5060", "Asterisk PBX 20.5.2", null)), ladder.parties());
        assertEquals(List.of("REGISTER", "401 Unauthorized", "REGISTER", "401 Unauthorized"), labels(ladder));
        List<Ladder.Arrow> arrows = ladder.arrows();
        assertEquals(List.of(false, false, true, true), arrows.stream().map(Ladder.Arrow::fault).toList(),
                "the normal first challenge is not the fault; the 401 after the password is");
        assertEquals("with credentials", arrows.get(2).detail());
        assertEquals(List.of(0L, 31L, 33L, 62L), arrows.stream().map(Ladder.Arrow::offsetMillis).toList());
        assertEquals(1, arrows.get(3).from());
        assertEquals(0, arrows.get(3).to());
        assertFalse(arrows.get(3).views().get(0).text().contains("a44ec175"), "the digest response is redacted");
    }

    @Test
    void softphoneAndPbxLogsOfOneCallDrawOneArrowPerMessage() throws Exception {
        RecordedReplay r = RecordedReplay.of(null, Path.of(PHONE), Path.of(PBX));
        assertEquals(2, r.findings().size(), "each log's rule reports the 488: " + r.findings());
        Finding fromPbx = r.findings().stream().filter(f -> f.evidence().get(0).file().equals(PBX)).findFirst().orElseThrow();
        Ladder ladder = r.ladder(fromPbx);

        // the PBX's address as the phone saw it (192.0.2.10:5060) and the phone's NAT address as the PBX saw
        // it (198.51.100.23:5060) are no columns of their own: they are the programs whose logs were read
        assertEquals(List.of(new Ladder.Party("Softphone", "softphone.log", PHONE), new Ladder.Party("PBX", "pbx.log", PBX)),
                ladder.parties());
        assertEquals(List.of("INVITE", "401 Unauthorized", "ACK", "INVITE", "INVITE", "100 Trying", "488 Not Acceptable Here",
                "ACK"), labels(ladder), "17 views, 8 messages");
        List<Ladder.Arrow> arrows = ladder.arrows();
        for (int i : new int[] {0, 1, 2, 4, 5, 6, 7}) {
            Ladder.Arrow a = arrows.get(i);
            assertTrue(a.paired(), "both logs show " + a.label() + " #" + i);
            assertEquals(Direction.SENT, a.views().get(0).direction());
            assertEquals(Direction.RECEIVED, a.views().get(1).direction());
            assertTrue(!a.views().get(0).file().equals(a.views().get(1).file()));
            assertFalse(a.neverReceived());
        }
        // the first copy of the authenticated INVITE was lost: only the phone logged it, the PBX logged the retransmission
        Ladder.Arrow lost = arrows.get(3);
        assertTrue(lost.neverReceived());
        assertEquals(List.of(new Ladder.View(PHONE, 66, Direction.SENT, lost.views().get(0).text())), lost.views());
        assertEquals(0, lost.from());
        assertEquals(1, lost.to());
        assertEquals(100, arrows.get(4).views().get(0).line(), "the PBX's copy pairs with the retransmission");
        assertEquals(59, arrows.get(4).views().get(1).line());

        // the PBX's clock runs 2 s ahead: on the common clock the steps keep the phone's times
        assertEquals(List.of(0L, 21L, 22L, 23L, 523L, 545L, 551L, 552L), arrows.stream().map(Ladder.Arrow::offsetMillis).toList());
        assertEquals(List.of(false, false, false, false, true, false, true, false),
                arrows.stream().map(Ladder.Arrow::fault).toList());
        assertTrue(ladder.steps().stream().anyMatch(s -> s instanceof Ladder.Note n && n.party() == 1 && n.fault()));
        assertEquals(0, ladder.droppedMessages());
    }

    @Test
    void withoutAFindingNothingIsHighlighted() throws Exception {
        RecordedReplay r = RecordedReplay.of(null, Path.of(PHONE), Path.of(PBX));
        Ladder ladder = LadderBuilder.build(r.recorder().call("4f1c9a2e7b3d40e8a1c2b3d4e5f60718").orElseThrow(),
                r.recorder().addresses(), null);
        assertTrue(ladder.steps().stream().noneMatch(Ladder.Step::fault));
        assertTrue(ladder.steps().stream().noneMatch(Ladder.Note.class::isInstance));
        assertEquals(8, ladder.arrows().size());
    }

    @Test
    void thePbxLogAloneNamesThePhoneByItsNatAddress() throws Exception {
        RecordedReplay r = RecordedReplay.of(null, Path.of(PBX));
        Ladder ladder = r.ladder(r.finding("sip-488"));
        assertEquals("198.51.100.23:5060", ladder.parties().get(0).name());
        assertNull(ladder.parties().get(0).file());
        assertEquals("MicroSIP/3.21.3", ladder.parties().get(0).detail());
        assertEquals(7, ladder.arrows().size());
    }

    private static List<String> labels(Ladder ladder) {
        return ladder.arrows().stream().map(Ladder.Arrow::label).toList();
    }
}
