package org.siphint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void showsFractionSizesRateAndTimeLeft() {
        String line = ProgressBar.line(new long[] {50L << 20, 100L << 20}, 2.0);
        assertTrue(line.startsWith("replay  [############............]  50%  50 MB / 100 MB  25 MB/s  2 s left"), line);
    }

    @Test
    void neverDividesByZero() {
        String line = ProgressBar.line(new long[] {0, 0}, 0);
        assertTrue(line.contains("0%"), line);
        assertEquals("3.0 GB", ProgressBar.size(3L << 30));
    }
}
