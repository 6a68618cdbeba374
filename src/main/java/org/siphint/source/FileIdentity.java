package org.siphint.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Which file a path names: the file system's key (device and inode on Linux and macOS), or where
 * the file system has none (Windows) its creation time. Rotation changes it: a renamed log keeps
 * its key while a new file takes the name.
 *
 * <p>A key alone is not enough: copytruncate keeps the inode while the content starts over, and a
 * freed inode can be given to the next file. So a tailed file also keeps the first bytes it saw
 * ({@link Head}); a file whose head no longer starts with them is another file.
 *
 * @param key the file system key, or {@code created:<millis>} where there is none
 */
public record FileIdentity(String key) {

    /** The identity of the file a path names now. */
    public static FileIdentity of(Path path) throws IOException {
        return of(Files.readAttributes(path, BasicFileAttributes.class), true);
    }

    /**
     * An identity from attributes already read.
     *
     * @param useFileKey false to use the creation time even where a key exists (how Windows is tested)
     */
    static FileIdentity of(BasicFileAttributes attributes, boolean useFileKey) {
        Object key = useFileKey ? attributes.fileKey() : null;
        if (key != null) {
            return new FileIdentity("key:" + key);
        }
        return new FileIdentity("created:" + attributes.creationTime().toMillis());
    }

    /**
     * The first bytes of a file (at most {@link #LENGTH}), kept to tell a file that started over
     * from one that only grew.
     */
    public static final class Head {

        /** How many bytes identify a file's content: log lines start with a time stamp, a kilobyte differs. */
        public static final int LENGTH = 1024;

        private byte[] bytes = new byte[0];

        /** Reads the head again when the file has grown past what was kept. */
        void refresh(FileChannel channel, long size) throws IOException {
            if (bytes.length < LENGTH && size > bytes.length) {
                bytes = read(channel, (int) Math.min(LENGTH, size));
            }
        }

        /** Whether the file still starts with the kept bytes (the part it still has). */
        boolean matches(FileChannel channel, long size) throws IOException {
            int n = (int) Math.min(bytes.length, size);
            if (n == 0) {
                return true;
            }
            byte[] now = read(channel, n);
            return now.length == n && Arrays.equals(now, 0, n, bytes, 0, n); // shorter: cut meanwhile
        }

        int length() {
            return bytes.length;
        }

        byte[] bytesCopy() {
            return bytes.clone();
        }

        /** A digest of the kept bytes, for the offsets file. */
        public String digest() {
            return digest(bytes, bytes.length);
        }

        static String digest(byte[] bytes, int length) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(bytes, 0, length);
                return HexFormat.of().formatHex(sha.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
        }

        /** The digest of a file's first {@code length} bytes, or null when it has fewer. */
        static String digestOf(FileChannel channel, int length) throws IOException {
            if (channel.size() < length) {
                return null;
            }
            return digest(read(channel, length), length);
        }

        static byte[] read(FileChannel channel, int n) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(n);
            long pos = 0;
            while (buf.hasRemaining()) {
                int r = channel.read(buf, pos);
                if (r <= 0) {
                    break;
                }
                pos += r;
            }
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }
}
