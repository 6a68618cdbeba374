package org.siphint.capture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.MediaReport;
import org.siphint.event.Origin;
import org.siphint.event.Role;
import org.siphint.event.SipMessage;
import org.siphint.sip.Sdp;

/**
 * Measures the RTP and RTCP of a capture and tells each call's media as {@link MediaReport} facts,
 * so the media rules (one-way audio, call quality) judge packets as they judge a phone's own
 * statistics.
 *
 * <p>Streams are found from the calls' SDP: the audio address a message sent by the capturing
 * host announces is the local end, the one it received the remote end; RTP to or from either
 * belongs to the call (RTCP on the next port, or the same with rtcp-mux). When the call ends (its
 * BYE) or the capture does, two reports are made, both {@code streamEnd}: the inbound one, from the
 * local end's view (packets received and sent, inbound loss, jitter, longest gap, MOS estimate,
 * round trip from RTCP), and, when anything was sent, the outbound one (packets the far end should
 * have received, their loss and jitter; {@code packetsSent} unknown, so only quality rules read it).
 * RTCP receiver reports raise loss and jitter to what the receiver saw, past the capture point.
 * Streams whose SDP was not captured are kept when they look like RTP (consecutive sequence
 * numbers from one source) and reported at the end without a call.
 *
 * <p>Bounded: {@link #MAX_CALLS} calls and {@link #MAX_FLOWS} flows; past that new ones are not
 * measured (counted).
 */
public final class MediaMeter implements PacketDecoder.MediaOut, SipEvents.Observer {

    static final int MAX_CALLS = 10_000;
    static final int MAX_FLOWS = 20_000;
    static final int MAX_PENDING_RTCP = 512;
    /** Media addresses kept per call: an offer, an answer, and a few re-INVITEs that moved them. */
    static final int MAX_ANNOUNCED = 8;

    private record PendingRtcp(long nanos, Endpoint src, Endpoint dst, byte[] bytes) {
    }

    private record Flow(long src, long dst, String v6) {
    }

    /** What a flow's packets are counted into: a call's inbound or outbound stream, or a stream of its own. */
    private static final class Target {
        final CallMedia call;
        final RtpStream stream;
        final boolean inbound;

        Target(CallMedia call, RtpStream stream, boolean inbound) {
            this.call = call;
            this.stream = stream;
            this.inbound = inbound;
        }
    }

    private static final class CallMedia {
        final String callId;
        Endpoint local;
        Endpoint remote;
        String codec;
        final Map<Integer, String> codecs = new HashMap<>();
        RtpStream inbound = new RtpStream();
        RtpStream outbound = new RtpStream();
        boolean closed;
        long lastFrame;
        long lastNanos;
        // RTCP: what the local end reported about the inbound stream, the remote end about the outbound one
        long rtcpInboundLost = -1;
        double rtcpInboundJitterMs = Double.NaN;
        long rtcpOutboundLost = -1;
        double rtcpOutboundJitterMs = Double.NaN;
        double rttMs = Double.NaN;
        final Map<Long, Long> senderReports = new LinkedHashMap<>();

        /** Each media address the call's SDP announced, and whether the capturing host sent it before it received it. */
        final Map<Endpoint, Boolean> announced = new LinkedHashMap<>();

        CallMedia(String callId) {
            this.callId = callId;
        }

        /**
         * The capturing host's own media is what it sends before anyone sends it to it: a phone's
         * offer, a B2BUA's address on each leg. A proxy only relays, so it receives every address
         * first; then the call is told from its caller's view, the offer's address being the local
         * end, as the caller's phone would tell it. The remote end is the latest other address (a
         * re-INVITE may move it).
         */
        void announce(Endpoint media, boolean sent) {
            if (!announced.containsKey(media) && announced.size() < MAX_ANNOUNCED) {
                announced.put(media, sent);
            }
            Endpoint own = null;
            for (Map.Entry<Endpoint, Boolean> e : announced.entrySet()) {
                if (e.getValue()) {
                    own = e.getKey();
                }
            }
            local = own != null ? own : announced.keySet().iterator().next();
            remote = null;
            for (Endpoint e : announced.keySet()) {
                if (!e.equals(local)) {
                    remote = e;
                }
            }
        }
    }

    private final String file;
    private final Supplier<Role> role;
    private final Consumer<LogEvent> out;
    private final Map<String, CallMedia> calls = new LinkedHashMap<>();
    private final Map<String, CallMedia> byEndpoint = new HashMap<>();
    private final Map<Flow, Target> flows = new HashMap<>();
    private final Map<Flow, RtpStream> unannounced = new LinkedHashMap<>();
    private final Map<Flow, Endpoint[]> flowEnds = new HashMap<>();
    private final List<PendingRtcp> pendingRtcp = new ArrayList<>();
    private long lastNanos;
    private long lastFrame;
    private long notMeasured;

    public MediaMeter(String file, Supplier<Role> role, Consumer<LogEvent> out) {
        this.file = file;
        this.role = role;
        this.out = out;
    }

    // ------------------------------------------------------------------ SIP: where media goes

    @Override
    public void message(SipMessage m, Endpoint src, Endpoint dst) {
        String callId = m.getCallId();
        if (callId == null) {
            return;
        }
        if (m.isRequest() && "BYE".equals(m.getMethod())) {
            CallMedia call = calls.get(callId);
            if (call != null && !call.closed) {
                close(call, m.getTime(), m.getOrigin().line());
            }
            return;
        }
        Sdp sdp = m.getSdp();
        Sdp.Media audio = sdp == null ? null : sdp.audio();
        if (audio == null || audio.port() <= 0 || audio.address() == null) {
            return;
        }
        CallMedia call = calls.get(callId);
        if (call == null) {
            if (calls.size() >= MAX_CALLS && !evictClosed()) {
                notMeasured++;
                return;
            }
            call = new CallMedia(callId);
            calls.put(callId, call);
        }
        if (call.closed) {
            return;
        }
        Endpoint media = new Endpoint(audio.address(), audio.port());
        call.announce(media, m.getDirection() == Direction.SENT);
        List<String> pts = audio.payloadTypes();
        List<String> names = audio.codecs();
        for (int i = 0; i < pts.size() && i < names.size(); i++) {
            try {
                call.codecs.put(Integer.parseInt(pts.get(i)), names.get(i));
            } catch (NumberFormatException e) {
                // a format that is no RTP payload type
            }
        }
        if (call.codec == null && !audio.voiceCodecs().isEmpty()) {
            call.codec = audio.voiceCodecs().get(0);
        }
        byEndpoint.put(media.toString(), call);
        flows.clear(); // flows are classified again against the new addresses
        if (call.local != null && call.remote != null) {
            adopt(call);
        }
    }

    /**
     * Streams measured before their call's SDP was known (a capture's first messages are held
     * until it is clear whose view they are told from) become the call's.
     */
    private void adopt(CallMedia call) {
        Iterator<Map.Entry<Flow, RtpStream>> it = unannounced.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Flow, RtpStream> e = it.next();
            Endpoint[] ends = flowEnds.get(e.getKey());
            Boolean inbound = ends[1].equals(call.local) || ends[0].equals(call.remote) ? Boolean.TRUE
                    : ends[0].equals(call.local) || ends[1].equals(call.remote) ? Boolean.FALSE : null;
            if (inbound == null) {
                continue;
            }
            if (inbound && call.inbound.packets == 0) {
                call.inbound = e.getValue();
            } else if (!inbound && call.outbound.packets == 0) {
                call.outbound = e.getValue();
            } else {
                continue;
            }
            call.lastNanos = Math.max(call.lastNanos, e.getValue().lastNanos);
            it.remove();
            flowEnds.remove(e.getKey());
        }
        pendingRtcp.removeIf(p -> rtcp(p.nanos, p.src, p.dst, p.bytes, 0, p.bytes.length));
    }

    private boolean evictClosed() {
        Iterator<CallMedia> it = calls.values().iterator();
        while (it.hasNext()) {
            CallMedia c = it.next();
            if (c.closed) {
                it.remove();
                byEndpoint.values().removeIf(v -> v == c);
                flows.clear();
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ packets

    @Override
    public void datagram(long nanos, long frame, IpPacket ip, int srcPort, int dstPort, byte[] b, int off, int len) {
        lastNanos = nanos;
        lastFrame = frame;
        if (len < 8) {
            return;
        }
        int second = b[off + 1] & 0xff;
        boolean rtcp = second >= 200 && second <= 204;
        if (!rtcp && len < 12) {
            return;
        }
        Flow flow = ip.version == 4
                ? new Flow(((long) IpPacket.v4(ip.src) << 16) | srcPort, ((long) IpPacket.v4(ip.dst) << 16) | dstPort, null)
                : new Flow(srcPort, dstPort, IpPacket.text(ip.src, 6) + ">" + IpPacket.text(ip.dst, 6));
        if (rtcp) {
            Endpoint src = new Endpoint(IpPacket.text(ip.src, ip.version), srcPort);
            Endpoint dst = new Endpoint(IpPacket.text(ip.dst, ip.version), dstPort);
            if (!rtcp(nanos, src, dst, b, off, len) && pendingRtcp.size() < MAX_PENDING_RTCP) {
                // perhaps its call's SDP is not known yet (messages held until the view is clear)
                pendingRtcp.add(new PendingRtcp(nanos, src, dst, java.util.Arrays.copyOfRange(b, off, off + len)));
            }
            return;
        }
        Target target = flows.get(flow);
        if (target == null) {
            target = classify(flow, ip, srcPort, dstPort);
            if (target == null) {
                return;
            }
        }
        if (target.call != null) {
            if (target.call.closed) {
                return; // the tail of a call already reported
            }
            target.call.lastFrame = frame;
            target.call.lastNanos = nanos;
        }
        int pt = b[off + 1] & 0x7f;
        int seq = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        long ts = ((long) (b[off + 4] & 0xff) << 24) | ((b[off + 5] & 0xff) << 16) | ((b[off + 6] & 0xff) << 8) | (b[off + 7] & 0xff);
        long ssrc = ((long) (b[off + 8] & 0xff) << 24) | ((b[off + 9] & 0xff) << 16) | ((b[off + 10] & 0xff) << 8) | (b[off + 11] & 0xff);
        boolean jitter = pt != 13 && pt < 96 || target.call != null && isVoice(target.call.codecs.get(pt));
        target.stream.packet(seq, ts, ssrc, pt, nanos, len, jitter);
    }

    private static boolean isVoice(String codec) {
        if (codec == null) {
            return false;
        }
        String c = codec.toLowerCase(Locale.ROOT);
        return !c.equals("telephone-event") && !c.equals("cn");
    }

    private Target classify(Flow flow, IpPacket ip, int srcPort, int dstPort) {
        if (flows.size() >= MAX_FLOWS) {
            notMeasured++;
            return null;
        }
        Endpoint src = new Endpoint(IpPacket.text(ip.src, ip.version), srcPort);
        Endpoint dst = new Endpoint(IpPacket.text(ip.dst, ip.version), dstPort);
        Target target = null;
        CallMedia call = byEndpoint.get(dst.toString());
        if (call != null && call.local != null && call.remote != null) {
            target = dst.equals(call.local) ? new Target(call, call.inbound, true) : new Target(call, call.outbound, false);
        } else if ((call = byEndpoint.get(src.toString())) != null && call.local != null && call.remote != null) {
            target = src.equals(call.remote) ? new Target(call, call.inbound, true) : new Target(call, call.outbound, false);
        }
        if (target == null) {
            RtpStream stream = unannounced.get(flow);
            if (stream == null) {
                if (unannounced.size() >= MAX_FLOWS) {
                    notMeasured++;
                    return null;
                }
                stream = new RtpStream();
                unannounced.put(flow, stream);
                flowEnds.put(flow, new Endpoint[] {src, dst});
            }
            target = new Target(null, stream, true);
        } else {
            String codec = target.call.codec;
            target.stream.clock(clockOf(codec));
        }
        flows.put(flow, target);
        return target;
    }

    private static int clockOf(String codec) {
        if (codec == null) {
            return 8000;
        }
        String c = codec.toLowerCase(Locale.ROOT);
        return c.startsWith("opus") ? 48000 : c.startsWith("l16") ? 44100 : 8000; // G.722's RTP clock is 8000 too
    }

    // ------------------------------------------------------------------ RTCP

    /** Takes an RTCP compound packet; false when no call's SDP names its ends. */
    private boolean rtcp(long nanos, Endpoint src, Endpoint dst, byte[] b, int off, int len) {
        String srcAddress = src.address();
        String dstAddress = dst.address();
        int srcPort = src.port();
        int dstPort = dst.port();
        CallMedia call = null;
        boolean fromLocal = false;
        for (int delta = 1; delta >= 0 && call == null; delta--) { // RTP port + 1, or rtcp-mux
            CallMedia c = byEndpoint.get(new Endpoint(srcAddress, srcPort - delta).toString());
            if (c != null && c.local != null && c.remote != null) {
                call = c;
                fromLocal = c.local.equals(new Endpoint(srcAddress, srcPort - delta));
                break;
            }
            c = byEndpoint.get(new Endpoint(dstAddress, dstPort - delta).toString());
            if (c != null && c.local != null && c.remote != null) {
                call = c;
                fromLocal = !c.local.equals(new Endpoint(dstAddress, dstPort - delta));
            }
        }
        if (call == null) {
            return false;
        }
        if (call.closed) {
            return true;
        }
        int at = off;
        int end = off + len;
        for (int guard = 0; guard < 16 && at + 8 <= end; guard++) {
            int count = b[at] & 0x1f;
            int pt = b[at + 1] & 0xff;
            int words = ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
            int next = at + (words + 1) * 4;
            if ((b[at] & 0xc0) != 0x80 || next > end) {
                return true;
            }
            int blocks = -1;
            if (pt == 200 && at + 28 <= next) { // sender report
                // the middle 32 bits of the NTP timestamp: what a receiver report's LSR echoes
                long ntpMiddle = ((u32(b, at + 8) & 0xffff) << 16) | (u32(b, at + 12) >>> 16);
                if (fromLocal) {
                    call.senderReports.put(ntpMiddle, nanos);
                    if (call.senderReports.size() > 64) {
                        call.senderReports.remove(call.senderReports.keySet().iterator().next());
                    }
                }
                blocks = at + 28;
            } else if (pt == 201 && at + 8 <= next) { // receiver report
                blocks = at + 8;
            }
            if (blocks > 0) {
                for (int k = 0; k < count && blocks + 24 <= next; k++, blocks += 24) {
                    reportBlock(call, fromLocal, nanos, b, blocks);
                }
            }
            at = next;
        }
        return true;
    }

    private void reportBlock(CallMedia call, boolean fromLocal, long nanos, byte[] b, int at) {
        int cumulative = ((b[at + 5] & 0xff) << 16) | ((b[at + 6] & 0xff) << 8) | (b[at + 7] & 0xff);
        if ((cumulative & 0x800000) != 0) {
            cumulative = 0; // negative: duplicates outnumber losses
        }
        long jitterUnits = u32(b, at + 12);
        long lsr = u32(b, at + 16);
        long dlsr = u32(b, at + 20);
        RtpStream about = fromLocal ? call.inbound : call.outbound;
        double jitterMs = jitterUnits * 1000.0 / about.clockRate();
        if (fromLocal) {
            call.rtcpInboundLost = cumulative;
            call.rtcpInboundJitterMs = jitterMs;
        } else {
            call.rtcpOutboundLost = cumulative;
            call.rtcpOutboundJitterMs = jitterMs;
            Long sent = lsr == 0 ? null : call.senderReports.get(lsr);
            if (sent != null) { // the far end answered one of the local end's sender reports
                double rtt = (nanos - sent) / 1e6 - dlsr * 1000.0 / 65536;
                if (rtt >= 0) {
                    call.rttMs = rtt;
                }
            }
        }
    }

    private static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    // ------------------------------------------------------------------ reports

    private void close(CallMedia call, Instant time, long line) {
        call.closed = true;
        if (call.local == null || call.remote == null) {
            return;
        }
        Origin origin = new Origin(file, Math.max(1, line), role.get());
        RtpStream in = call.inbound;
        RtpStream outbound = call.outbound;
        long inLost = Math.max(in.lost(), call.rtcpInboundLost);
        double inJitter = max(in.packets > 1 ? in.jitterMs() : Double.NaN, call.rtcpInboundJitterMs);
        out.accept(report(time, origin, call, in.packets, outbound.packets, inLost, inJitter, in,
                "RTP received at " + call.local + " from " + call.remote + describe(in, inLost, inJitter, call)
                        + "; sent to " + call.remote + ": " + outbound.packets + " packets"));
        if (outbound.packets > 0) {
            long outLost = Math.max(outbound.lost(), call.rtcpOutboundLost);
            double outJitter = max(outbound.packets > 1 ? outbound.jitterMs() : Double.NaN, call.rtcpOutboundJitterMs);
            out.accept(report(time, origin, call, outbound.packets, -1, outLost, outJitter, outbound,
                    "RTP sent from " + call.local + " to " + call.remote + describe(outbound, outLost, outJitter, call)));
        }
    }

    private MediaReport report(Instant time, Origin origin, CallMedia call, long received, long sent, long lost,
                               double jitter, RtpStream stream, String text) {
        double lossPercent = received + lost > 0 ? 100.0 * lost / (received + lost) : Double.NaN;
        return MediaReport.builder(time, origin).callId(call.callId).remoteAddress(call.remote.toString())
                .codec(call.codec).packetsReceived(received).packetsSent(sent).packetsLost(lost)
                .jitterMs(jitter).rttMs(call.rttMs)
                .mos(received > 0 ? Mos.estimate(Double.isNaN(lossPercent) ? 0 : lossPercent, Double.isNaN(jitter) ? 0 : jitter, call.codec) : Double.NaN)
                .streamEnd(true).text(text).build();
    }

    private static String describe(RtpStream s, long lost, double jitter, CallMedia call) {
        StringBuilder t = new StringBuilder(": ").append(s.packets).append(" packets");
        if (s.packets > 0) {
            double percent = 100.0 * lost / (s.packets + lost);
            t.append(", ").append(lost).append(" lost (").append(String.format(Locale.ROOT, "%.1f", percent)).append(" %)");
            if (!Double.isNaN(jitter)) {
                t.append(", jitter ").append(String.format(Locale.ROOT, "%.1f", jitter)).append(" ms");
            }
            t.append(", longest gap ").append(String.format(Locale.ROOT, "%.0f", s.longestGapMs())).append(" ms");
            t.append(", MOS ").append(String.format(Locale.ROOT, "%.1f",
                    Mos.estimate(percent, Double.isNaN(jitter) ? 0 : jitter, call == null ? null : call.codec)));
        }
        if (call != null && !Double.isNaN(call.rttMs)) {
            t.append(", round trip ").append(String.format(Locale.ROOT, "%.0f", call.rttMs)).append(" ms (RTCP)");
        }
        return t.toString();
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    /** The capture ended: every call still open is reported, then the streams no SDP announced. */
    public void end() {
        Instant end = Instant.ofEpochSecond(Math.floorDiv(lastNanos, 1_000_000_000L), Math.floorMod(lastNanos, 1_000_000_000L));
        List<CallMedia> open = new ArrayList<>();
        for (CallMedia c : calls.values()) {
            if (!c.closed) {
                open.add(c);
            }
        }
        for (CallMedia c : open) {
            long at = c.lastNanos > 0 ? c.lastNanos : lastNanos;
            close(c, Instant.ofEpochSecond(Math.floorDiv(at, 1_000_000_000L), Math.floorMod(at, 1_000_000_000L)),
                    c.lastFrame > 0 ? c.lastFrame : lastFrame);
        }
        for (Map.Entry<Flow, RtpStream> e : unannounced.entrySet()) {
            RtpStream s = e.getValue();
            if (!s.looksLikeRtp()) {
                continue;
            }
            double percent = 100.0 * s.lost() / (s.packets + s.lost());
            out.accept(MediaReport.builder(end, new Origin(file, Math.max(1, lastFrame), role.get()))
                    .packetsReceived(s.packets).packetsLost(s.lost()).jitterMs(s.jitterMs())
                    .mos(Mos.estimate(percent, s.jitterMs(), null)).streamEnd(true)
                    .text("RTP " + flowEnds.get(e.getKey())[0] + " -> " + flowEnds.get(e.getKey())[1] + " (no SDP captured)" + describe(s, s.lost(), s.jitterMs(), null))
                    .build());
        }
        unannounced.clear();
        flowEnds.clear();
        pendingRtcp.clear();
    }

    /** Calls and flows not measured because the bounds were reached. */
    public long notMeasured() {
        return notMeasured;
    }
}
