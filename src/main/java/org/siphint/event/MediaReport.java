package org.siphint.event;

import java.time.Instant;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Timestamp;

/**
 * RTP/RTCP statistics a program logged for one media stream, periodically or when the stream ended.
 *
 * <p>What the log did not say is {@code -1} for counts and {@code NaN} for measures, so that a rule
 * condition such as {@code lossPercent > 3} is simply false for a value that was never logged.
 */
@org.kie.api.definition.type.Role(org.kie.api.definition.type.Role.Type.EVENT)
@Timestamp("timestamp")
@Expires("10m")
public final class MediaReport extends LogEvent {

    private final String callId;
    private final String media;
    private final String remoteAddress;
    private final String codec;
    private final long packetsSent;
    private final long packetsReceived;
    private final long packetsLost;
    private final double lossPercent;
    private final double jitterMs;
    private final double rttMs;
    private final double mos;
    private final boolean rtpTimeout;
    private final boolean streamEnd;
    private final String text;

    private MediaReport(Builder b) {
        super(b.time, b.origin);
        this.callId = b.callId;
        this.media = b.media;
        this.remoteAddress = b.remoteAddress;
        this.codec = b.codec;
        this.packetsSent = b.packetsSent;
        this.packetsReceived = b.packetsReceived;
        this.packetsLost = b.packetsLost;
        this.lossPercent = !Double.isNaN(b.lossPercent) ? b.lossPercent
                : b.packetsLost >= 0 && b.packetsReceived >= 0 && b.packetsLost + b.packetsReceived > 0
                ? 100.0 * b.packetsLost / (b.packetsLost + b.packetsReceived) : Double.NaN;
        this.jitterMs = b.jitterMs;
        this.rttMs = b.rttMs;
        this.mos = b.mos;
        this.rtpTimeout = b.rtpTimeout;
        this.streamEnd = b.streamEnd;
        this.text = b.text;
    }

    public static Builder builder(Instant time, Origin origin) {
        return new Builder(time, origin);
    }

    @Override
    public String getCallId() {
        return callId;
    }

    /** {@code audio} or {@code video}. */
    public String getMedia() {
        return media;
    }

    public String getRemoteAddress() {
        return remoteAddress;
    }

    public String getCodec() {
        return codec;
    }

    public long getPacketsSent() {
        return packetsSent;
    }

    public long getPacketsReceived() {
        return packetsReceived;
    }

    public long getPacketsLost() {
        return packetsLost;
    }

    /** Inbound loss in percent (logged, or computed from lost and received packets). */
    public double getLossPercent() {
        return lossPercent;
    }

    public double getJitterMs() {
        return jitterMs;
    }

    public double getRttMs() {
        return rttMs;
    }

    public double getMos() {
        return mos;
    }

    /** Whether the program reported that no RTP arrived for its timeout. */
    public boolean isRtpTimeout() {
        return rtpTimeout;
    }

    /** Whether this is the summary written when the stream ended (rather than a periodic report). */
    public boolean isStreamEnd() {
        return streamEnd;
    }

    @Override
    public String getEvidenceText() {
        return text;
    }

    @Override
    public String toString() {
        return "MediaReport[" + text + " at " + getOrigin() + "]";
    }

    /** Collects the statistics of one report; unset values stay unknown. */
    public static final class Builder {
        private final Instant time;
        private final Origin origin;
        private String callId;
        private String media = "audio";
        private String remoteAddress;
        private String codec;
        private long packetsSent = -1;
        private long packetsReceived = -1;
        private long packetsLost = -1;
        private double lossPercent = Double.NaN;
        private double jitterMs = Double.NaN;
        private double rttMs = Double.NaN;
        private double mos = Double.NaN;
        private boolean rtpTimeout;
        private boolean streamEnd;
        private String text = "";

        private Builder(Instant time, Origin origin) {
            this.time = time;
            this.origin = origin;
        }

        public Builder callId(String v) { this.callId = v; return this; }
        public Builder media(String v) { this.media = v; return this; }
        public Builder remoteAddress(String v) { this.remoteAddress = v; return this; }
        public Builder codec(String v) { this.codec = v; return this; }
        public Builder packetsSent(long v) { this.packetsSent = v; return this; }
        public Builder packetsReceived(long v) { this.packetsReceived = v; return this; }
        public Builder packetsLost(long v) { this.packetsLost = v; return this; }
        public Builder lossPercent(double v) { this.lossPercent = v; return this; }
        public Builder jitterMs(double v) { this.jitterMs = v; return this; }
        public Builder rttMs(double v) { this.rttMs = v; return this; }
        public Builder mos(double v) { this.mos = v; return this; }
        public Builder rtpTimeout(boolean v) { this.rtpTimeout = v; return this; }
        public Builder streamEnd(boolean v) { this.streamEnd = v; return this; }
        public Builder text(String v) { this.text = v; return this; }

        public MediaReport build() {
            return new MediaReport(this);
        }
    }
}
