package org.siphint.capture;

/**
 * A MOS estimate from loss and jitter by the ITU-T G.107 E-model, simplified (Cole and Rosenbluth,
 * "Voice over IP performance monitoring", 2001): R = 93.2 - Id - Ie,eff, with
 * Ie,eff = Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl) for random loss (BurstR 1) and the delay
 * impairment Id = 0.024 d + 0.11 (d - 177.3) H(d - 177.3). The one-way delay d is not in a capture:
 * it is taken as a jitter buffer of twice the jitter plus one packet (20 ms) and 10 ms of
 * processing. Codec constants: G.711 Ie 0, Bpl 25.1 (with packet loss concealment); G.729 Ie 11, Bpl 19.
 */
final class Mos {

    private Mos() {
    }

    static double estimate(double lossPercent, double jitterMs, String codec) {
        boolean g729 = codec != null && codec.toUpperCase(java.util.Locale.ROOT).startsWith("G729");
        double ie = g729 ? 11 : 0;
        double bpl = g729 ? 19 : 25.1;
        double ppl = Math.max(0, lossPercent);
        double ieEff = ie + (95 - ie) * ppl / (ppl + bpl);
        double d = 20 + 10 + 2 * Math.max(0, jitterMs);
        double id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
        double r = 93.2 - id - ieEff;
        if (r <= 0) {
            return 1;
        }
        if (r >= 100) {
            return 4.5;
        }
        return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
    }
}
