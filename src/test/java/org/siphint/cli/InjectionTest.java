package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs that carry credentials in every place a log carries them, and markup and terminal escapes
 * where a name is shown, go through replay (JSON), watch (console sink, console notifier, JSON file)
 * and explain; no output holds a secret, an escape character or unescaped markup.
 */
class InjectionTest {

    private static final String DIGEST_RESPONSE = "d5ec7e7d16e5700f7b0c5c0ffee0dd1e";
    private static final String URI_PASSWORD = "UriPassw0rdXyz";
    private static final String SRTP_KEY = "SrtpK3yAbcdefghijklmnopqrstuvwxyz0123456789";
    private static final String MIKEY_KEY = "AQAFgM0XflABAAAAAAAAAAAAAAsAyO1YkQ";
    private static final String CONFIG_PASSWORD = "Cfg5ecretPass";
    private static final String JSON_PASSWORD = "J50nPassw0rd";

    @TempDir
    Path dir;

    /** The samples with secrets put where real logs carry them, and hostile text in names. */
    private Path[] hostileLogs() throws Exception {
        String register = Files.readString(Path.of("sample-logs/pjsip/register-wrong-password.log"))
                .replace("response=\"a44ec175ddf2768564f77d363d053fa6\"", "response=\"" + DIGEST_RESPONSE + "\"")
                .replace("10:12:01.000            pjsua_acc.c  .Sending 1 request for account 0",
                        "10:12:01.000            pjsua_acc.c  .Sending 1 request for account 0\n"
                                + "10:12:01.000            pjsua_acc.c  .Account config: auth_password=" + CONFIG_PASSWORD
                                + " {\"password\": \"" + JSON_PASSWORD + "\"}");
        String call = Files.readString(Path.of("sample-logs/pjsip/call-not-acceptable.log"))
                .replace("INVITE sip:2001@pbx.example.com SIP/2.0", "INVITE sip:2001:" + URI_PASSWORD + "@pbx.example.com SIP/2.0")
                .replace("To: <sip:2001@pbx.example.com>", "To: <sip:2001:" + URI_PASSWORD + "@pbx.example.com>")
                .replace("ae530282bd36cb9d21f6be6abf0d7c1c", "ae53\u001b]0;owned\u0007\u001b[2J\u202eid")
                .replace("From: \"Alice\" <sip:alice@pbx.example.com>", "From: \"<b>Al</b>\u001b[2J\u202eice\" <sip:alice:"
                        + URI_PASSWORD + "@pbx.example.com>")
                .replace("a=rtpmap:18 G729/8000", "a=rtpmap:18 G729/8000\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                        + SRTP_KEY + "|2^31\na=key-mgmt:mikey " + MIKEY_KEY);
        Path a = dir.resolve("register.log");
        Path b = dir.resolve("call.log");
        Files.writeString(a, register);
        Files.writeString(b, call);
        return new Path[] {a, b};
    }



    @Test
    void noOutputHoldsASecretOrAnEscape() throws Exception {
        Path[] logs = hostileLogs();
        Map<String, String> outputs = new LinkedHashMap<>();

        CliRun replay = CliRun.of("replay", "--zone", "UTC", logs[0].toString(), logs[1].toString());
        assertEquals(0, replay.exit(), replay.err());
        outputs.put("replay stdout", replay.out());
        outputs.put("replay stderr", replay.err());
        assertTrue(replay.out().contains("\"sip-401\"") && replay.out().contains("\"sip-488\""), replay.out());

        CliRun text = CliRun.of("replay", "--zone", "UTC", "--format", "text", logs[0].toString(), logs[1].toString());
        outputs.put("replay text", text.out());

        Path json = dir.resolve("findings.jsonl");
        CliRun watch = CliRun.of("watch", "--from-start", "--no-state", "--notifier", "console", "--json", json.toString(),
                "--duration", "6s", logs[1].toString());
        assertEquals(0, watch.exit(), watch.err());
        outputs.put("watch console", watch.out());
        outputs.put("watch notifier", watch.err());
        outputs.put("watch json", Files.readString(json));
        assertTrue(watch.out().contains("sip-488"), watch.out());
        assertTrue(watch.err().contains("siphint explain sip-488"), "the console notifier showed nothing: " + watch.err());

        for (String id : List.of("sip-401", "sip-488")) {
            CliRun explain = CliRun.of("explain", id);
            assertEquals(0, explain.exit());
            outputs.put("explain " + id, explain.out() + explain.err());
        }

        for (Map.Entry<String, String> o : outputs.entrySet()) {
            for (String secret : List.of(DIGEST_RESPONSE, URI_PASSWORD, SRTP_KEY, MIKEY_KEY, CONFIG_PASSWORD, JSON_PASSWORD)) {
                assertFalse(o.getValue().contains(secret), o.getKey() + " holds the secret " + secret + ":\n" + o.getValue());
            }
            assertFalse(o.getValue().contains("\u001b"), o.getKey() + " holds a terminal escape");
            assertFalse(o.getValue().contains("\u202e"), o.getKey() + " holds a bidi override");
        }
        // JSON escapes markup for its reader; the console shows it as text, never interpreted
        assertFalse(outputs.get("replay stdout").contains("<b>"), "JSON holds raw markup");
    }
}
