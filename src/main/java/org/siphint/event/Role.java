package org.siphint.event;

import java.util.Locale;

/** Whose log a file is: a user's softphone or a PBX/proxy. Rules use it to tell "sent" from "never received". */
public enum Role {
    SOFTPHONE, PBX;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "softphone", "phone", "ua" -> SOFTPHONE;
            case "pbx", "proxy", "server" -> PBX;
            default -> throw new IllegalArgumentException("unknown role '" + text + "' (softphone or pbx)");
        };
    }
}
