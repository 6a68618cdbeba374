package org.siphint.finding;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Prints findings for a person reading a terminal. */
public final class ConsoleSink implements FindingSink {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final PrintStream out;

    public ConsoleSink(PrintStream out) {
        this.out = out;
    }

    public static String format(Finding f) {
        StringBuilder s = new StringBuilder();
        s.append(TIME.format(f.time())).append("  ").append(f.severity().toUpperCase(java.util.Locale.ROOT))
                .append("  ").append(f.situation()).append(": ").append(f.title()).append('\n');
        s.append("    ").append(f.summary()).append('\n');
        if (f.callId() != null) {
            s.append("    call ").append(Template.plain(f.callId()));
            if (f.account() != null) {
                s.append(", account ").append(Template.plain(f.account()));
            }
            s.append('\n');
        }
        int n = 1;
        for (String step : f.fix()) {
            s.append("    ").append(n++).append(". ").append(step).append('\n');
        }
        for (Evidence e : f.evidence()) {
            s.append("      ").append(e.file()).append(':').append(e.line()).append("  ").append(e.text()).append('\n');
        }
        return s.toString();
    }

    @Override
    public synchronized void accept(Finding finding) {
        out.print(format(finding));
        out.flush();
    }
}
