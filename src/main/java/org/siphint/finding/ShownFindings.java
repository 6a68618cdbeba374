package org.siphint.finding;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The findings the daemon already reported, kept across restarts ({@code shown.json} in the state
 * folder), so that lines read again after a crash (the resume points are saved about once a second)
 * never report a finding twice. A finding is known by a digest of its situation, cause, call,
 * account and log time: no log text is stored. The list is written before the finding reaches any
 * sink, atomically, and keeps the {@link #MAX_KEYS} most recent.
 *
 * <pre>{"version":1,"shown":["3f1a...","9b2c..."]}</pre>
 */
public final class ShownFindings {

    private static final Logger LOG = LoggerFactory.getLogger(ShownFindings.class);

    public static final String FILE_NAME = "shown.json";
    static final int MAX_KEYS = 4_096;
    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Contents(int version, List<String> shown) {
    }

    private final Path file;
    private final Set<String> keys = new LinkedHashSet<>();

    private ShownFindings(Path file) {
        this.file = file;
    }

    /** Loads the list of a state folder; a missing or unreadable file starts an empty one. */
    public static ShownFindings load(Path stateDir) {
        ShownFindings shown = new ShownFindings(stateDir.resolve(FILE_NAME));
        try {
            Contents c = JSON.readValue(Files.readAllBytes(shown.file), Contents.class);
            if (c != null && c.shown() != null) {
                c.shown().stream().filter(k -> k != null && !k.isBlank()).forEach(shown.keys::add);
            }
        } catch (NoSuchFileException e) {
            // the first run
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: unreadable ({}); findings of lines read again may be reported again", shown.file,
                    e.getMessage());
        }
        return shown;
    }

    /** Whether this finding was never reported before; remembers and saves it if so. */
    public synchronized boolean firstTime(Finding f) {
        String key = key(f);
        if (keys.contains(key)) {
            return false;
        }
        keys.add(key);
        if (keys.size() > MAX_KEYS) {
            Iterator<String> eldest = keys.iterator();
            eldest.next();
            eldest.remove();
        }
        save();
        return true;
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = JSON.writeValueAsBytes(new Contents(1, new ArrayList<>(keys)));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot save the findings shown: {}", file, e.getMessage());
        }
    }

    /**
     * A finding's stable id: the same for every copy of the same finding, whichever machine made it
     * (a fleet's workers, a restart reading lines again). No log text goes into it.
     */
    public static String idOf(Finding f) {
        return key(f);
    }

    static String key(Finding f) {
        String identity = f.situation() + '\u0000' + f.cause() + '\u0000' + f.callId() + '\u0000' + f.account()
                + '\u0000' + (f.time() == null ? "" : f.time().toEpochMilli());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
