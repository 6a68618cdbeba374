package org.siphint.sip;

import java.util.List;

/**
 * The parts of an SDP body (RFC 4566 / RFC 3264) that tell where media goes and what it may be.
 *
 * @param connectionAddress session-level {@code c=} address, or null
 * @param media the {@code m=} sections in order
 */
public record Sdp(String connectionAddress, List<Media> media) {

    /**
     * One {@code m=} section.
     *
     * @param type         {@code audio}, {@code video}, ...
     * @param port         the media port; 0 means the stream is rejected or disabled
     * @param protocol     {@code RTP/AVP}, {@code RTP/SAVP}, {@code UDP/TLS/RTP/SAVPF}, ...
     * @param payloadTypes the formats in the order offered
     * @param codecs       codec names in the order offered (from rtpmap, or the static payload types)
     * @param address      the effective connection address (media-level {@code c=}, else session-level)
     * @param direction    sendrecv, sendonly, recvonly or inactive (media-level, else session-level, else sendrecv)
     * @param crypto       whether SDES keys ({@code a=crypto}) are offered
     * @param fingerprint  whether a DTLS fingerprint is offered
     * @param candidates   the number of ICE candidates
     */
    public record Media(String type, int port, String protocol, List<String> payloadTypes, List<String> codecs,
                        String address, String direction, boolean crypto, boolean fingerprint, int candidates) {

        /** Whether this stream is secure RTP (SAVP or SAVPF profiles). */
        public boolean secure() {
            return protocol != null && protocol.contains("SAVP");
        }

        /** Codecs other than the comfort noise and DTMF helpers, which never make a call work alone. */
        public List<String> voiceCodecs() {
            return codecs.stream().filter(c -> !Sdp.isHelperCodec(c)).toList();
        }
    }

    /** The first audio section, or null. */
    public Media audio() {
        for (Media m : media) {
            if ("audio".equalsIgnoreCase(m.type())) {
                return m;
            }
        }
        return null;
    }

    static boolean isHelperCodec(String codec) {
        String c = codec.toLowerCase(java.util.Locale.ROOT);
        return c.equals("telephone-event") || c.equals("cn") || c.equals("red") || c.equals("ulpfec");
    }
}
