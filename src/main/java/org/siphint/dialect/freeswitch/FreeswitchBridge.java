package org.siphint.dialect.freeswitch;

import java.util.ArrayList;
import java.util.List;

import org.siphint.sip.HeaderValues;

/**
 * FreeSWITCH's {@code bridge} as its dialplan logs it ({@code switch_core_session.c}, the line
 * behind each application a channel executes, prefixed with the channel's UUID):
 * <pre>
 * 6ce7370b-... EXECUTE [depth=0] sofia/internal/1001@203.0.113.20 bridge(sofia/gateway/provider/4930123456)
 * </pre>
 * Its dial string lists targets separated by {@code |} (one after the other), {@code ,} (at once)
 * or {@code :_:}, each after optional channel variables in {@code {}}, {@code []} or {@code <>}. A
 * target through a gateway ({@code sofia/gateway/GW/NUMBER}) or to an address
 * ({@code sofia/PROFILE/NUMBER@HOST}) is a leg outside; {@code user/1002}, a registered user
 * ({@code sofia/PROFILE/1002%DOMAIN}) and the other endpoints are not.
 */
final class FreeswitchBridge {

    private FreeswitchBridge() {
    }

    /** The users a record's text dials outside with bridge, or an empty list. */
    static List<String> outsideUsers(String text) {
        int open = text.indexOf(" bridge(");
        if (!text.startsWith("EXECUTE ") || open < 0 || !text.endsWith(")")) {
            return List.of();
        }
        String dial = withoutVariables(text.substring(open + 8, text.length() - 1));
        List<String> users = new ArrayList<>(1);
        for (String target : dial.split("\\||,|:_:", 32)) {
            String user = outsideUser(withoutVariables(target.trim()));
            if (user != null) {
                users.add(user);
            }
        }
        return users;
    }

    /** The user part of the calling channel's name ({@code sofia/internal/1001@203.0.113.20}), or null. */
    static String channelUser(String text) {
        int from = text.indexOf("] ");
        int end = text.indexOf(' ', from + 2);
        if (from < 0 || end < 0) {
            return null;
        }
        String channel = text.substring(from + 2, end);
        int slash = channel.lastIndexOf('/');
        int at = channel.indexOf('@', slash + 1);
        return slash < 0 || at <= slash + 1 ? null : channel.substring(slash + 1, at);
    }

    static String outsideUser(String target) {
        if (!target.startsWith("sofia/")) {
            return null;
        }
        String rest = target.substring(6);
        if (rest.startsWith("gateway/")) {
            int slash = rest.indexOf('/', 8);
            return slash < 0 ? null : userOf(rest.substring(slash + 1));
        }
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String dest = rest.substring(slash + 1);
        return dest.indexOf('@') > 0 && dest.indexOf('%') < 0 ? userOf(dest) : null;
    }

    private static String userOf(String dest) {
        String d = dest.regionMatches(true, 0, "sip:", 0, 4) || dest.regionMatches(true, 0, "sips:", 0, 5)
                ? HeaderValues.user(dest) : dest;
        if (d == null) {
            return null;
        }
        int at = d.indexOf('@');
        String user = at >= 0 ? d.substring(0, at) : d;
        return user.isEmpty() ? null : user;
    }

    /** A dial string without its leading channel variables ({@code {a=1,b=2}[c=3]<d=4>}). */
    private static String withoutVariables(String s) {
        String t = s;
        for (int i = 0; i < 8 && !t.isEmpty(); i++) {
            char open = t.charAt(0);
            char close = open == '{' ? '}' : open == '[' ? ']' : open == '<' ? '>' : 0;
            int end = close == 0 ? -1 : t.indexOf(close);
            if (end < 0) {
                break;
            }
            t = t.substring(end + 1).trim();
        }
        return t;
    }
}
