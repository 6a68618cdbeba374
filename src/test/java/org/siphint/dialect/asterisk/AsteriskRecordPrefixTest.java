package org.siphint.dialect.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.siphint.dialect.LogClock;

/** The hand-written record prefix parser reads exactly the lines the regex it replaced reads. */
class AsteriskRecordPrefixTest {

    private static final List<String> SAMPLES = List.of(
            "[2026-03-04 10:00:00] VERBOSE[4712] res_pjsip_logger.c: <--- Received SIP request (5 bytes) from UDP:1.2.3.4:5 --->",
            "[2026-03-04 10:00:00] VERBOSE[4712] chan_sip.c: ",
            "[2026-03-04 10:00:00] VERBOSE[4712] chan_sip.c:",
            "[Mar  4 10:00:01] NOTICE[567]: chan_sip.c:26090 handle_request_invite: Failed to authenticate",
            "[Mar  4 10:00:01] NOTICE[567]: chan_sip.c:26090 handle_request_invite:",
            "[Mar  4 10:00:01] NOTICE[567]: chan_sip.c:26090 handle_request_invite:x",
            "[2026-03-04 10:00:04] VERBOSE[4800][C-00000005] app_dial.c: Everyone is busy",
            "[2026-03-04 10:00:04.123] WARNING[4800][C-0000000g] app_dial.c: bad call id",
            "[2026-03-04 10:00:04] VERBOSE[4800][X-00000005] app_dial.c: not a call id",
            "[2026-03-04 10:00:04] VERBOSE[] app_dial.c: no thread",
            "[2026-03-04 10:00:04] [4800] app_dial.c: no level",
            "[2026-03-04 10:00:04] VERBOSE[4800] : no source",
            "[2026-03-04 10:00:04] VERBOSE[4800] a b: space in source",
            "[2026-03-04 10:00:04] VERBOSE[4800] dir/sub-file.c: path",
            "[2026-03-04 10:00:04] VERBOSE[4800] file.c:12 func:  two spaces",
            "[2026-03-04 10:00:04] VERBOSE[4800] file.c:12 func:no space",
            "[2026-03-04 10:00:04] VERBOSE[4800] file.c:12 : no function",
            "[2026-03-04 10:00:04] VERBOSE[4800] file.c:: double colon",
            "[2026-03-04 10:00:04] VERBOSE[4800] file.c: text\u2028with a separator",
            "[2026-03-04 10:00:04] VERBOSE[4800] file.c: text\u0085",
            "[2026-03-04 10:00:04] VERBOSE[4800] fil\u00e9.c: accent",
            "[2026-03-04 10:00:04] VERBOSE[4800] file.c: \u00e9t\u00e9 [x] ] : : ok",
            "[short] VERBOSE[1] a.c: x",
            "[2026-03-04 10:00:04 and far too much text] VERBOSE[1] a.c: x",
            "[2026-03-04 10:00:04]VERBOSE[1] a.c: x",
            "[Mar  4 10:00:01] NOTICE[567]:chan_sip.c: x");

    @Test
    void samplesReadAsTheRegexReadThem() {
        for (String line : SAMPLES) {
            check(line);
        }
    }

    @Test
    void mutatedRecordsReadAsTheRegexReadThem() {
        Random random = new Random(16);
        String alphabet = "[]:. -_/Cab09AZ\u00e9\u2028\u0085\t";
        for (int n = 0; n < 200_000; n++) {
            check(LineMutations.mutate(random, SAMPLES.get(random.nextInt(SAMPLES.size())), alphabet, 4, 1));
        }
    }

    private static void check(String line) {
        LogClock clock = new LogClock(LocalDate.of(2026, 3, 4), ZoneOffset.UTC);
        AsteriskRecord expected = AsteriskRecord.parseWithRegex(line, clock);
        AsteriskRecord actual = AsteriskRecord.parsePrefix(line, clock);
        assertEquals(expected, actual, line);
    }
}
