package org.siphint.sip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses the SDP fields siphint reasons about. Pure; unknown or broken lines are skipped. */
public final class SdpParser {

    /** RFC 3551 static payload types that are commonly offered without an rtpmap line. */
    private static final Map<String, String> STATIC_TYPES = Map.ofEntries(
            Map.entry("0", "PCMU"), Map.entry("3", "GSM"), Map.entry("4", "G723"), Map.entry("5", "DVI4"),
            Map.entry("8", "PCMA"), Map.entry("9", "G722"), Map.entry("13", "CN"), Map.entry("18", "G729"),
            Map.entry("26", "JPEG"), Map.entry("31", "H261"), Map.entry("34", "H263"));

    private static final int MAX_MEDIA = 16;
    private static final int MAX_LINES = 4_096;

    private SdpParser() {
    }

    /** Parses an SDP body; answers null when the text has no {@code v=} or {@code m=} line. */
    public static Sdp parse(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        String sessionAddress = null;
        String sessionDirection = null;
        List<MediaBuilder> media = new ArrayList<>(2);
        MediaBuilder current = null;
        boolean sawSdpLine = false;
        int n = body.length();
        for (int next = 0, lines = 0; next < n && lines < MAX_LINES; lines++) {
            int end = body.indexOf('\n', next);
            if (end < 0) {
                end = n;
            }
            int start = next;
            next = end + 1;
            while (start < end && body.charAt(start) <= ' ') {
                start++;
            }
            while (end > start && body.charAt(end - 1) <= ' ') {
                end--;
            }
            if (end - start < 2 || body.charAt(start + 1) != '=') {
                continue;
            }
            char type = body.charAt(start);
            if (type == 'v' || type == 'o' || type == 's') {
                sawSdpLine = true;
                continue;
            }
            if (type != 'c' && type != 'm' && type != 'a') {
                continue;
            }
            String value = body.substring(start + 2, end);
            switch (type) {
                case 'c' -> {
                    String address = connectionAddress(value);
                    if (current == null) {
                        sessionAddress = address;
                    } else {
                        current.address = address;
                    }
                }
                case 'm' -> {
                    sawSdpLine = true;
                    if (media.size() >= MAX_MEDIA) {
                        current = null;
                        continue;
                    }
                    current = mediaLine(value);
                    if (current != null) {
                        media.add(current);
                    }
                }
                case 'a' -> {
                    String direction = direction(value);
                    if (direction != null) {
                        if (current == null) {
                            sessionDirection = direction;
                        } else {
                            current.direction = direction;
                        }
                    } else if (current != null) {
                        current.attribute(value);
                    }
                }
                default -> {
                }
            }
        }
        if (!sawSdpLine || media.isEmpty() && sessionAddress == null) {
            return null;
        }
        List<Sdp.Media> built = new ArrayList<>(media.size());
        for (MediaBuilder m : media) {
            built.add(m.build(sessionAddress, sessionDirection));
        }
        return new Sdp(sessionAddress, List.copyOf(built));
    }

    private static String connectionAddress(String value) {
        // c=IN IP4 192.0.2.1[/ttl]
        List<String> parts = words(value, 3);
        if (parts.size() < 3) {
            return null;
        }
        String address = parts.get(2);
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }

    private static final List<String> DIRECTIONS = List.of("sendrecv", "sendonly", "recvonly", "inactive");

    private static String direction(String value) {
        String attribute = value.trim();
        if (attribute.length() != 8) {
            return null;
        }
        for (String direction : DIRECTIONS) {
            if (direction.equalsIgnoreCase(attribute)) {
                return direction;
            }
        }
        return null;
    }

    /** The first {@code max} words of a line, split at spaces and tabs (SDP's fields, RFC 8866 5). */
    private static List<String> words(String value, int max) {
        List<String> words = new ArrayList<>(Math.min(max, 8));
        int n = value.length();
        int i = 0;
        while (i < n && words.size() < max) {
            while (i < n && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(value.substring(start, i));
            }
        }
        return words;
    }

    private static boolean startsWithIgnoreCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static MediaBuilder mediaLine(String value) {
        // m=audio 49170 RTP/AVP 0 8 101
        List<String> parts = words(value, 64);
        if (parts.size() < 3) {
            return null;
        }
        MediaBuilder m = new MediaBuilder();
        m.type = parts.get(0).toLowerCase(Locale.ROOT);
        String port = parts.get(1);
        int slash = port.indexOf('/');
        try {
            m.port = Integer.parseInt(slash < 0 ? port : port.substring(0, slash));
        } catch (NumberFormatException e) {
            m.port = -1;
        }
        m.protocol = parts.get(2);
        for (int i = 3; i < parts.size(); i++) {
            m.payloadTypes.add(parts.get(i));
        }
        return m;
    }

    private static final class MediaBuilder {
        String type;
        int port;
        String protocol;
        final List<String> payloadTypes = new ArrayList<>();
        final Map<String, String> rtpmap = new HashMap<>();
        String address;
        String direction;
        boolean crypto;
        boolean fingerprint;
        int candidates;

        void attribute(String attribute) {
            if (startsWithIgnoreCase(attribute, "rtpmap:")) {
                // a=rtpmap:101 telephone-event/8000
                String rest = attribute.substring(7).trim();
                int space = rest.indexOf(' ');
                if (space > 0) {
                    String pt = rest.substring(0, space);
                    String encoding = rest.substring(space + 1).trim();
                    int slash = encoding.indexOf('/');
                    rtpmap.put(pt, slash < 0 ? encoding : encoding.substring(0, slash));
                }
            } else if (startsWithIgnoreCase(attribute, "crypto:")) {
                crypto = true;
            } else if (startsWithIgnoreCase(attribute, "fingerprint:")) {
                fingerprint = true;
            } else if (startsWithIgnoreCase(attribute, "candidate:")) {
                candidates++;
            }
        }

        Sdp.Media build(String sessionAddress, String sessionDirection) {
            List<String> codecs = new ArrayList<>(payloadTypes.size());
            for (String pt : payloadTypes) {
                String name = rtpmap.get(pt);
                if (name == null) {
                    name = STATIC_TYPES.getOrDefault(pt, pt);
                }
                codecs.add(name);
            }
            String dir = direction != null ? direction : sessionDirection != null ? sessionDirection : "sendrecv";
            return new Sdp.Media(type, port, protocol, List.copyOf(payloadTypes), List.copyOf(codecs),
                    address != null ? address : sessionAddress, dir, crypto, fingerprint, candidates);
        }
    }
}
