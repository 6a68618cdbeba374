package org.siphint.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the daemon stopped reading each file, kept across restarts like a log shipper's registry:
 * per file identity (the inode, or the creation time where there is none) the byte offset after
 * the last line whose events were processed, with the digest of the file's head so that an inode
 * the file system gave to a new file is not mistaken for the old one.
 *
 * <p>The file is JSON ({@code offsets.json} in the state folder):
 * <pre>
 * {"version":1,"files":[{"path":"/var/log/asterisk/full","identity":"key:(dev=803,ino=1234)",
 *   "head":"9f86d0...","headLength":1024,"offset":52311,"line":1187,"updated":"2025-03-04T10:12:01Z"}]}
 * </pre>
 * It is written to a temporary file, forced to disk and moved over the old one, so a crash leaves
 * the old or the new version, never half of one; at most every {@link #SAVE_INTERVAL_MILLIS} while
 * running and once at shutdown. Entries not updated for {@link #KEEP_DAYS} days are dropped.
 */
public final class OffsetRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetRegistry.class);

    public static final String FILE_NAME = "offsets.json";
    public static final long SAVE_INTERVAL_MILLIS = 1_000;
    static final int KEEP_DAYS = 30;
    static final int MAX_ENTRIES = 512;

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    /** One file's resume point. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String path, String identity, String head, int headLength, long offset, long line,
                        Instant updated) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Contents(int version, List<Entry> files) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long lastSave;
    private boolean dirty;

    private OffsetRegistry(Path file) {
        this.file = file;
    }

    /** Loads the registry of a state folder; a missing or unreadable file starts an empty one. */
    public static OffsetRegistry load(Path stateDir) {
        OffsetRegistry registry = new OffsetRegistry(stateDir.resolve(FILE_NAME));
        try {
            byte[] bytes = Files.readAllBytes(registry.file);
            Contents contents = JSON.copy().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                    .readValue(bytes, Contents.class);
            if (contents != null && contents.files() != null) {
                for (Entry e : contents.files()) {
                    if (e != null && e.identity() != null && e.head() != null) {
                        registry.entries.put(e.identity(), e);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // the first run
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: unreadable ({}); starting without resume points", registry.file, e.getMessage());
        }
        return registry;
    }

    public Path file() {
        return file;
    }

    /** The resume point of this file, if a run read it before. */
    public synchronized Optional<Entry> get(FileIdentity identity) {
        return Optional.ofNullable(entries.get(identity.key()));
    }

    /** The most recent resume point of any file that had this name. */
    public synchronized Optional<Entry> lastForPath(String path) {
        return entries.values().stream().filter(e -> path.equals(e.path()))
                .max(Comparator.comparing(Entry::updated));
    }

    /** Records a resume point (in memory; {@link #saveIfDue} and {@link #save} write it). */
    public synchronized void update(TailedFile.Checkpoint c) {
        entries.put(c.identity().key(), new Entry(c.path(), c.identity().key(), c.headDigest(), c.headLength(),
                c.offset(), c.line(), Instant.now()));
        dirty = true;
    }

    /** Writes the registry if it changed and the last write is older than the save interval. */
    public synchronized void saveIfDue(long nowMillis) {
        if (dirty && nowMillis - lastSave >= SAVE_INTERVAL_MILLIS) {
            save();
        }
    }

    /** Writes the registry now (atomically); a failure is logged, not thrown: reading goes on. */
    public synchronized void save() {
        if (!dirty) {
            return;
        }
        prune();
        lastSave = System.currentTimeMillis();
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = JSON.copy().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .writeValueAsBytes(new Contents(1, new ArrayList<>(entries.values())));
            writeAtomically(file, bytes);
            dirty = false;
        } catch (IOException e) {
            LOG.warn("{}: cannot save resume points: {}", file, e.getMessage());
        }
    }

    private void prune() {
        Instant oldest = Instant.now().minusSeconds(KEEP_DAYS * 86_400L);
        entries.values().removeIf(e -> e.updated() == null || e.updated().isBefore(oldest));
        while (entries.size() > MAX_ENTRIES) {
            Entry eldest = entries.values().stream().min(Comparator.comparing(Entry::updated)).orElseThrow();
            entries.remove(eldest.identity());
        }
    }

    /** Temporary file, forced to disk, moved over the target: readers see the old or the new file. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public synchronized String toString() {
        return file + " (" + entries.size() + " file(s))";
    }
}
