package org.siphint.source;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the file a log was rotated into, beside it: {@code full.1}, {@code full-20240304},
 * {@code microsip_log.txt.old}. Used when the tailer lost its handle on the old content (copytruncate
 * copied it away, or the daemon was stopped while the log rotated) to read the lines it had not
 * read yet. Compressed files are skipped: by then they are older than anything unread.
 */
final class RotatedCopies {

    /** Candidates examined at most: a folder of thousands of old logs must not stall the tailer. */
    private static final int MAX_CANDIDATES = 64;

    /** Decides whether an open candidate holds the content looked for (compares its head). */
    @FunctionalInterface
    interface Match {
        boolean test(FileChannel channel) throws IOException;
    }

    private RotatedCopies() {
    }

    /**
     * The most recently modified sibling named after the log that is at least {@code minSize}
     * bytes long and matches, or empty.
     */
    static Optional<Path> find(Path log, long minSize, Match match) {
        Path dir = log.toAbsolutePath().getParent();
        String base = log.getFileName().toString();
        Path best = null;
        FileTime bestTime = null;
        int examined = 0;
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir,
                p -> isRotationName(base, p.getFileName().toString()))) {
            for (Path candidate : siblings) {
                if (examined >= MAX_CANDIDATES) {
                    break;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(candidate, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue;
                }
                if (!attrs.isRegularFile() || attrs.size() < minSize) {
                    continue;
                }
                examined++;
                try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.READ)) {
                    if (match.test(channel) && (bestTime == null || attrs.lastModifiedTime().compareTo(bestTime) > 0)) {
                        best = candidate;
                        bestTime = attrs.lastModifiedTime();
                    }
                } catch (IOException e) {
                    // unreadable or gone meanwhile: not the one
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(best);
    }

    static boolean isRotationName(String base, String name) {
        if (name.length() <= base.length() || !name.startsWith(base)) {
            return false;
        }
        char sep = name.charAt(base.length());
        if (sep != '.' && sep != '-' && sep != '_') {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return !(lower.endsWith(".gz") || lower.endsWith(".bz2") || lower.endsWith(".xz") || lower.endsWith(".zst")
                || lower.endsWith(".zip") || lower.endsWith(".lz4"));
    }
}
