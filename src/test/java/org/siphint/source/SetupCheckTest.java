package org.siphint.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siphint.event.Role;
import org.siphint.source.Platform.Os;
import org.siphint.source.SetupCheck.Program;
import org.siphint.source.SetupCheck.Status;

/** The setup check on made-up machines: each program found, its log's state, and the setting that turns logging on. */
class SetupCheckTest {

    @TempDir
    Path tmp;

    private static final Instant NOW = Instant.parse("2026-03-04T12:00:00Z");
    private static final String SIP = "<--- Received SIP request (400 bytes) from UDP:10.0.0.2:5060 --->\n"
            + "REGISTER sip:pbx.example.com SIP/2.0\r\n";

    private static Path write(Path file, String text, Instant modified) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private static Program program(List<Program> programs, String software) {
        return programs.stream().filter(p -> p.software().equals(software)).findFirst()
                .orElseThrow(() -> new AssertionError(software + " not found in " + programs));
    }

    @Test
    void linuxTellsALoggingPbxFromOneWithoutSipAndALinphoneWithoutLogs() throws IOException {
        Platform linux = new Platform(Os.LINUX, Map.of(), tmp.resolve("home/alice"), tmp);
        write(tmp.resolve("etc/asterisk/logger.conf"), "[logfiles]\nfull => notice,warning,error\n", NOW);
        write(tmp.resolve("var/log/asterisk/full"), "[Mar  4 11:59:01] NOTICE[12] chan.c: hello\n", NOW.minusSeconds(60));
        write(tmp.resolve("home/alice/.config/linphone/linphonerc"), "[sip]\n", NOW);

        List<Program> found = SetupCheck.check(linux, NOW);
        assertEquals(List.of("Asterisk", "Linphone"), found.stream().map(Program::software).toList(), "nothing else is there");
        Program asterisk = program(found, "Asterisk");
        assertEquals(Status.NO_SIP, asterisk.status());
        assertTrue(asterisk.detail().contains("last written 1 min ago) holds no SIP message"), asterisk.detail());
        assertTrue(asterisk.howTo().contains("pjsip set logger on"), asterisk.howTo());
        assertTrue(asterisk.howTo().contains("full => notice,warning,error,verbose"), asterisk.howTo());
        Program linphone = program(found, "Linphone");
        assertEquals(Status.NO_LOG, linphone.status());
        assertTrue(linphone.detail().startsWith("no log at " + tmp.resolve("home/alice/.local/share/linphone/logs")),
                linphone.detail());
        assertTrue(linphone.howTo().contains("Settings (Preferences) → Advanced → Logs → turn on \"Enable logs\""),
                linphone.howTo());

        write(tmp.resolve("var/log/asterisk/full"), SIP, NOW.minusSeconds(3600 * 3));
        assertEquals(Status.LOGS_SIP, program(SetupCheck.check(linux, NOW), "Asterisk").status());
        write(tmp.resolve("var/log/asterisk/full"), SIP, NOW.minus(Duration.ofDays(3)));
        Program stale = program(SetupCheck.check(linux, NOW), "Asterisk");
        assertEquals(Status.NOT_GROWING, stale.status());
        assertTrue(stale.detail().contains("last written 3 days ago"), stale.detail());
    }

    @Test
    void windowsFindsMicroSipBySettingsAndSaysWhichOptionWritesItsLog() throws IOException {
        Path appdata = tmp.resolve("Users/alice/AppData/Roaming");
        Platform windows = new Platform(Os.WINDOWS, Map.of("APPDATA", appdata.toString()), tmp.resolve("Users/alice"), tmp);
        write(appdata.resolve("MicroSIP/microsip.ini"), "[Settings]\nenableLog=0\n", NOW);
        write(appdata.resolve("Zoiper5/Config.xml"), "<options/>", NOW);

        List<Program> found = SetupCheck.check(windows, NOW);
        Program microsip = program(found, "MicroSIP");
        assertEquals(Status.NO_LOG, microsip.status());
        assertEquals(appdata.resolve("MicroSIP/microsip.ini"), microsip.foundBy());
        assertTrue(microsip.howTo().contains("Settings → tick \"Enable log file\" (microsip.ini: enableLog=1)"),
                microsip.howTo());
        Program zoiper = program(found, "Zoiper");
        assertTrue(zoiper.detail().contains("knows no usual place of its log"), zoiper.detail());
        assertTrue(zoiper.howTo().contains("Diagnostics"), zoiper.howTo());

        write(appdata.resolve("MicroSIP/microsip_log.txt"), "12:00:01.000 pjsua_core.c .TX 500 bytes Request msg "
                + "REGISTER/cseq=1 (tdta0x1) to UDP 10.0.0.1:5060:\r\nREGISTER sip:x SIP/2.0\r\n--end msg--\r\n", NOW);
        assertTrue(program(SetupCheck.check(windows, NOW), "MicroSIP").ok());
    }

    @Test
    void aMachineWithNothingInstalledFindsNothing() {
        assertTrue(SetupCheck.check(new Platform(Os.MACOS, Map.of(), tmp.resolve("Users/bob"), tmp), NOW).isEmpty());
    }

    @Test
    void watchSaysOnceThatALogHeldNoSipForTheQuietTimeAndHowToTurnItOn() throws IOException {
        Platform windows = new Platform(Os.WINDOWS, Map.of(), tmp.resolve("home"), tmp);
        Path phone = write(tmp.resolve("phone/microsip_log.txt"), "12:00:00.000 pjsua started\n", NOW);
        Path pbx = write(tmp.resolve("pbx/full"), SIP, NOW);
        Instant[] now = {NOW};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        QuietLogs quiet = new QuietLogs(List.of(new LogSource(phone, Role.SOFTPHONE, null), new LogSource(pbx, Role.PBX, null)),
                Duration.ofDays(1), clock, windows);
        assertEquals(Duration.ofMinutes(10), quiet.interval());
        List<String> said = new ArrayList<>();
        quiet.check(said::add);
        now[0] = NOW.plus(Duration.ofHours(23));
        quiet.check(said::add);
        assertEquals(List.of(), said, "not before a day");
        now[0] = NOW.plus(Duration.ofHours(25));
        quiet.check(said::add);
        quiet.check(said::add);
        assertEquals(1, said.size(), "once: " + said);
        assertTrue(said.get(0).startsWith("siphint: " + phone + " has held no SIP message for a day"), said.get(0));
        assertTrue(said.get(0).contains("\"Enable log file\""), said.get(0));
        assertNull(SetupCheck.howTo(windows, "nosuch"));
    }
}
