package org.siphint.pipeline;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import org.siphint.event.LogEvent;
import org.siphint.source.FileEvents;
import org.siphint.source.LogSource;

/**
 * Reads whole files as one timeline: the events of all files merged by log time (a file's own order
 * is kept for equal times), into a pipeline, then closes every rule window as the end of input.
 */
public final class Replay {

    private final ZoneId zone;

    public Replay(ZoneId zone) {
        this.zone = zone;
    }

    /** Statistics of one replay. */
    public record Stats(long lines, long events) {
    }

    public Stats run(List<LogSource> sources, Pipeline pipeline) throws IOException {
        List<FileEvents> files = new ArrayList<>();
        try {
            for (LogSource source : sources) {
                files.add(FileEvents.open(source, zone));
            }
            record Head(LogEvent event, int file, long seq) {
            }
            PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> {
                int c = Long.compare(a.event.getTimestamp(), b.event.getTimestamp());
                return c != 0 ? c : Long.compare(a.seq, b.seq);
            });
            long seq = 0;
            for (int i = 0; i < files.size(); i++) {
                LogEvent first = files.get(i).next();
                if (first != null) {
                    heads.add(new Head(first, i, seq++));
                }
            }
            long events = 0;
            while (!heads.isEmpty()) {
                Head head = heads.poll();
                pipeline.accept(head.event);
                events++;
                LogEvent next = files.get(head.file).next();
                if (next != null) {
                    heads.add(new Head(next, head.file, seq++));
                }
            }
            pipeline.endOfInput();
            long lines = files.stream().mapToLong(FileEvents::linesRead).sum();
            return new Stats(lines, events);
        } finally {
            for (FileEvents f : files) {
                f.close();
            }
        }
    }
}
