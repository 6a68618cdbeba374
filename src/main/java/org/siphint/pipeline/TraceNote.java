package org.siphint.pipeline;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;

import org.siphint.dialect.TraceSettings;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.SipMessage;
import org.siphint.util.BoundedMap;

/**
 * Says once per file, on stderr, that a PBX log holds the PBX's notices but no SIP trace, and
 * which setting turns the trace on: findings from such a log rest on the notices alone. Says once
 * per file too that a file's format was not recognised and its SIP messages were found in its
 * text with times and directions guessed, and how to tell the project about the format. A pipeline
 * observer for {@code watch} and {@code replay}; it remembers at most {@link #MAX_FILES} files.
 */
public final class TraceNote implements Consumer<LogEvent> {

    static final int MAX_FILES = 256;

    private final PrintStream out;
    /** Per file: true once it showed a SIP message or the note was given. */
    private final Map<String, Boolean> settled = BoundedMap.droppingLeastRecentlyUsed(MAX_FILES);

    /** Files whose guessed format was told. */
    private final Map<String, Boolean> guessed = BoundedMap.droppingLeastRecentlyUsed(MAX_FILES);

    /** Where to tell the project about a format siphint does not know. */
    static final String NEW_FORMAT_URL = "https://github.com/siphint/siphint/issues";

    public TraceNote(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(LogEvent event) {
        if (event instanceof LogNotice n && LogNotice.FORMAT_GUESSED.equals(n.getKind())) {
            if (guessed.put(event.getFile(), Boolean.TRUE) == null) {
                out.println(guessedNote(event.getFile()));
            }
            return;
        }
        if (event instanceof SipMessage) {
            settled.put(event.getFile(), Boolean.TRUE);
            return;
        }
        if (!(event instanceof LogNotice notice) || !isRefusal(notice.getKind())) {
            return;
        }
        String setting = notice.get(TraceSettings.DETAIL);
        if (setting == null || settled.containsKey(event.getFile())) {
            return;
        }
        settled.put(event.getFile(), Boolean.TRUE);
        out.println("siphint: " + event.getFile() + " holds the PBX's notices but no SIP trace: findings from it rest on"
                + " those lines alone. For fuller diagnoses turn the trace on: " + setting + ".");
    }

    /**
     * For {@code doctor}: the setting that turns the SIP trace on when the first {@code maxLines}
     * lines of a log hold a PBX's refusal notices and no SIP message; null otherwise (a trace is
     * on, or the file says nothing either way, or cannot be read).
     */
    public static String missingTrace(java.nio.file.Path file, int maxLines) {
        String[] setting = {null};
        boolean[] sip = {false};
        Consumer<LogEvent> out = e -> {
            if (e instanceof SipMessage) {
                sip[0] = true;
            } else if (setting[0] == null && e instanceof LogNotice n && isRefusal(n.getKind())) {
                setting[0] = n.get(TraceSettings.DETAIL);
            }
        };
        org.siphint.dialect.DialectReader reader = org.siphint.dialect.Dialects.detecting(
                new org.siphint.dialect.LogContext(file.toString(), null, null, null));
        try (org.siphint.source.BoundedLineReader in = new org.siphint.source.BoundedLineReader(
                java.nio.file.Files.newInputStream(file))) {
            String line;
            for (long n = 1; n <= maxLines && !sip[0] && (line = in.readLine()) != null; n++) {
                reader.line(line, n, out);
            }
            reader.flush(out);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return sip[0] ? null : setting[0];
    }

    /** The note on a file whose format was guessed. */
    static String guessedNote(String file) {
        return "siphint: " + file + ": format not recognised; SIP messages were found in its text and read with"
                + " guessed times and directions (--dialect anytext; findings are as sure as those guesses). To have"
                + " the format read as such, open an issue at " + NEW_FORMAT_URL + " naming the program and its"
                + " version, with a few lines around one SIP message (passwords removed).";
    }

    private static boolean isRefusal(String kind) {
        return LogNotice.AUTH_FAILED.equals(kind) || LogNotice.NO_MATCHING_ENDPOINT.equals(kind)
                || LogNotice.ACL_REFUSED.equals(kind) || LogNotice.EXTENSION_NOT_FOUND.equals(kind);
    }
}
