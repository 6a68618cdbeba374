package org.siphint.notify;

import java.io.PrintStream;

import org.siphint.finding.Finding;
import org.siphint.finding.Template;

/** The pop-up as text on a terminal: used where there is no desktop, and chosen with {@code --notifier console}. */
public final class ConsoleNotifier implements Notifier {

    private final PrintStream out;

    public ConsoleNotifier(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public void show(Finding f) {
        StringBuilder s = new StringBuilder();
        s.append("┌─ siphint: ").append(Template.plain(f.title())).append('\n');
        s.append("│ ").append(Template.plain(f.summary())).append('\n');
        if (!f.fix().isEmpty()) {
            s.append("│ Try: ").append(Template.plain(f.fix().get(0))).append('\n');
        }
        s.append("└─ ").append(f.situation()).append(" · siphint explain ").append(f.situation()).append('\n');
        synchronized (out) {
            out.print(s);
            out.flush();
        }
    }
}
