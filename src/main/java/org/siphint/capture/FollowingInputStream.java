package org.siphint.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;

/**
 * A file stream that does not end while its file is being written: at the end it waits (a quarter
 * of a second at a time, calling {@code idle}) for more, until {@code running} says no.
 */
final class FollowingInputStream extends InputStream {

    private static final long WAIT_MILLIS = 250;

    private final InputStream in;
    private final BooleanSupplier running;
    private final Runnable idle;

    FollowingInputStream(InputStream in, BooleanSupplier running, Runnable idle) {
        this.in = in;
        this.running = running;
        this.idle = idle;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            int n = in.read(b, off, len);
            if (n > 0 || len == 0) {
                return n;
            }
            if (!running.getAsBoolean()) {
                return -1;
            }
            idle.run();
            try {
                Thread.sleep(WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
