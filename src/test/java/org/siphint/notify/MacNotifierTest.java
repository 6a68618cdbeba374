package org.siphint.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The osascript command: a constant script, the text only as arguments. */
class MacNotifierTest {

    static final String APPLESCRIPT_PAYLOAD = "\" & do shell script \"touch siphint-pwned\" & \"";

    @TempDir
    Path dir;

    private static NotificationText hostile() {
        return NotificationText.of(NotificationTextTest.finding("-e " + APPLESCRIPT_PAYLOAD,
                "Codec " + APPLESCRIPT_PAYLOAD + " $(touch siphint-pwned) \"; rm -rf ~; \"", "Enable PCMU."));
    }

    @Test
    void logTextIsNeverPartOfTheScript() {
        NotificationText text = hostile();
        List<String> command = MacNotifier.command("osascript", text);
        assertEquals(List.of("osascript", "-e", "on run argv",
                "-e", "display notification (item 2 of argv) with title (item 1 of argv)",
                "-e", "end run", "--", text.title(), text.body()), command);
        for (String scriptLine : List.of(command.get(2), command.get(4), command.get(6))) {
            assertFalse(scriptLine.contains("shell") || scriptLine.contains("rm -rf"), scriptLine);
        }
    }

    @Test
    @EnabledOnOs(OS.MAC)
    void osascriptReceivesTheTextVerbatimAsArguments() throws Exception {
        NotificationText text = hostile();
        List<String> command = MacNotifier.command("osascript",
                List.of("on run argv", "return (item 1 of argv) & \"|\" & (item 2 of argv) & \"|\" & (count of argv)", "end run"),
                text);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS), "osascript did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), out);
        assertEquals(text.title() + "|" + text.body() + "|2", out);
        assertFalse(Files.exists(dir.resolve("siphint-pwned")));
    }

    @Test
    @EnabledOnOs(OS.MAC)
    void showsARealNotification() throws Exception {
        new MacNotifier().show(NotificationTextTest.finding("siphint test", "A test from the build " + APPLESCRIPT_PAYLOAD, "Nothing."));
        assertFalse(Files.exists(dir.resolve("siphint-pwned")));
    }
}
