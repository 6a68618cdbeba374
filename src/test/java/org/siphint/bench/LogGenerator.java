package org.siphint.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Writes an Asterisk chan_pjsip log of busy, mostly healthy traffic for the benchmark: calls start
 * every two seconds and overlap (the sample call lasts a minute, so about thirty are in progress at
 * once), each with fresh Call-IDs; every tenth is a registration, one in 500 is refused with a
 * 488 and one in 500 is a provider registration refused with 403 after authentication. Records of the overlapping calls are interleaved in time order, as Asterisk writes them, so
 * the log's clock never runs backwards.
 */
public final class LogGenerator {

    private static final DateTimeFormatter ASTERISK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final long CALL_INTERVAL_SECONDS = 2;

    /** What was written. */
    public record Written(long lines, long calls, long failing, long refused488, long forbidden403) {
    }

    /** One timestamped record of a template: its text without the date, and its second from the start. */
    private record Record(long offsetSeconds, String rest) {
    }

    private record Template(List<Record> records, List<String> callIds, boolean failing) {
    }

    private record Pending(long at, long call, int index, Template template) {
    }

    private LogGenerator() {
    }

    /** Writes calls until the file has {@code bytes}. */
    static Written generate(Path out, long bytes) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            return write(w, bytes, Long.MAX_VALUE, (calls, written) -> {
            });
        }
    }

    /** Told each time a new call starts. */
    public interface Progress {
        void started(long calls, Written sofar) throws IOException;
    }

    /**
     * Writes calls until {@code bytes} are written or {@code maxCalls} calls have started (and then
     * the calls in progress end), telling {@code progress} as each call starts.
     */
    public static Written write(java.io.Writer w, long bytes, long maxCalls, Progress progress) throws IOException {
        return write(w, bytes, maxCalls, 1, progress);
    }

    /**
     * As {@link #write(java.io.Writer, long, long, Progress)}, with the calls spread over {@code accounts}
     * caller and callee accounts (2000.., 3000..) instead of the samples' 1001 and 1002.
     */
    public static Written write(java.io.Writer w, long bytes, long maxCalls, int accounts, Progress progress)
            throws IOException {
        Template ok = template("sample-logs/asterisk/call-ok.log", false);
        Template refused = template("sample-logs/asterisk/call-not-acceptable.log", true);
        Template registration = template("sample-logs/asterisk/register-challenge-ok.log", false);
        Template forbidden = template("sample-logs/asterisk/trunk-register-forbidden.log", true);
        LocalDateTime start = LocalDateTime.of(2026, 3, 4, 0, 0);
        PriorityQueue<Pending> due = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : a.call != b.call ? Long.compare(a.call, b.call) : Integer.compare(a.index, b.index));
        long written = 0;
        long lines = 0;
        long calls = 0;
        long failing = 0;
        long refused488 = 0;
        long forbidden403 = 0;
        while (written < bytes && (calls < maxCalls || !due.isEmpty())) {
            // start every call due before the next pending record, so records come out in time order
            while (calls < maxCalls && (due.isEmpty() || calls * CALL_INTERVAL_SECONDS <= due.peek().at)) {
                Template t = calls % 500 == 499 ? refused : calls % 500 == 249 ? forbidden
                        : calls % 10 == 9 ? registration : ok;
                failing += t.failing ? 1 : 0;
                refused488 += t == refused ? 1 : 0;
                forbidden403 += t == forbidden ? 1 : 0;
                due.add(new Pending(calls * CALL_INTERVAL_SECONDS + t.records.get(0).offsetSeconds, calls, 0, t));
                calls++;
                progress.started(calls, new Written(lines, calls, failing, refused488, forbidden403));
            }
            Pending p = due.poll();
            Record r = p.template.records.get(p.index);
            String text = r.rest;
            for (String id : p.template.callIds) {
                text = text.replace(id, id.substring(0, Math.min(6, id.length())) + "-" + p.call);
            }
            if (accounts > 1) {
                long a = p.call % accounts;
                text = text.replace("sip:1001@", "sip:" + (2000 + a) + "@").replace("sip:1002@", "sip:" + (3000 + a) + "@")
                        .replace("username=\"1001\"", "username=\"" + (2000 + a) + "\"");
            }
            String line = "[" + ASTERISK.format(start.plusSeconds(p.at)) + "]" + text;
            w.write(line);
            written += line.length();
            lines += line.chars().filter(c -> c == '\n').count();
            if (p.index + 1 < p.template.records.size()) {
                Record next = p.template.records.get(p.index + 1);
                due.add(new Pending(p.call * CALL_INTERVAL_SECONDS + next.offsetSeconds, p.call, p.index + 1,
                        p.template));
            }
        }
        return new Written(lines, calls, failing, refused488, forbidden403);
    }

    /**
     * Splits a sample into its records, from its first SIP message on (the start-up banner is left
     * out: Asterisk prints it once, not per call).
     */
    private static Template template(String file, boolean failing) throws IOException {
        String text = Files.readString(Path.of(file));
        List<Record> records = new ArrayList<>();
        LocalDateTime first = null;
        StringBuilder current = null;
        LocalDateTime currentAt = null;
        for (String line : text.split("\n", -1)) {
            boolean stamped = line.length() > 21 && line.charAt(0) == '[' && line.charAt(20) == ']';
            if (stamped) {
                if (current != null) {
                    records.add(new Record(java.time.Duration.between(first, currentAt).getSeconds(), current.toString()));
                    current = null;
                }
                LocalDateTime at = LocalDateTime.parse(line.substring(1, 20), ASTERISK);
                if (first == null && !line.contains("<---")) {
                    continue;
                }
                if (first == null) {
                    first = at;
                }
                currentAt = at;
                current = new StringBuilder(line.substring(21)).append('\n');
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        if (current != null) {
            String last = current.toString();
            records.add(new Record(java.time.Duration.between(first, currentAt).getSeconds(),
                    last.endsWith("\n\n") ? last.substring(0, last.length() - 1) : last));
        }
        return new Template(records, callIds(text), failing);
    }

    private static List<String> callIds(String text) {
        List<String> ids = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("Call-ID: ")) {
                String id = line.substring(9).trim();
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }
}
