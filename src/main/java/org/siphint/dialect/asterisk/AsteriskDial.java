package org.siphint.dialect.asterisk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siphint.sip.HeaderValues;

/**
 * Asterisk's {@code Dial()} as its dialplan logs it ({@code main/pbx.c}, verbosity 3, written beside
 * a pjsip logger or chan_sip debug trace):
 * <pre>
 * Executing [4930123456@from-internal:1] Dial("PJSIP/1001-00000009", "PJSIP/4930123456@trunk,60") in new stack
 * </pre>
 * The calling channel names the endpoint whose INVITE started the call (a phone's endpoint is
 * usually named as its From user); a target of the forms {@code PJSIP/number@endpoint},
 * {@code PJSIP/endpoint/sip:number@host}, {@code SIP/number@peer} or {@code SIP/peer/number} names
 * a user dialled through a trunk. A target naming an endpoint alone ({@code PJSIP/1002}) is one of
 * the PBX's own phones.
 */
final class AsteriskDial {

    private static final Pattern DIAL = Pattern.compile(
            "^Executing \\[[^\\]]*\\] Dial\\(\"(?:PJSIP|SIP)/([^\"/]+)-[0-9a-f]+\", \"([^\"]*)\"\\)");

    /** The calling endpoint and the users dialled outside. */
    record Dialled(String endpoint, List<String> outsideUsers) {
    }

    private AsteriskDial() {
    }

    /** A verbose record's text as a Dial() that dials outside, or null. */
    static Dialled parse(String text) {
        if (!text.startsWith("Executing [")) {
            return null;
        }
        Matcher m = DIAL.matcher(text);
        if (!m.find()) {
            return null;
        }
        String targets = m.group(2);
        int options = targets.indexOf(',');
        List<String> users = new ArrayList<>(1);
        for (String target : (options < 0 ? targets : targets.substring(0, options)).split("&", 16)) {
            String user = outsideUser(target.trim());
            if (user != null) {
                users.add(user);
            }
        }
        return users.isEmpty() ? null : new Dialled(m.group(1), users);
    }

    /** The user a dial target places a leg to outside the PBX, or null for one of its own endpoints. */
    static String outsideUser(String target) {
        int slash = target.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String tech = target.substring(0, slash);
        String resource = target.substring(slash + 1);
        if (!tech.equals("PJSIP") && !tech.equals("SIP")) {
            return null;
        }
        int second = resource.indexOf('/');
        if (second >= 0) {
            String rest = resource.substring(second + 1);
            // PJSIP/trunk/sip:4930123456@provider, SIP/trunk/4930123456
            String user = rest.regionMatches(true, 0, "sip:", 0, 4) || rest.regionMatches(true, 0, "sips:", 0, 5)
                    ? HeaderValues.user(rest) : rest;
            return user == null || user.isEmpty() ? null : user;
        }
        int at = resource.indexOf('@');
        return at > 0 ? resource.substring(0, at) : null;
    }
}
