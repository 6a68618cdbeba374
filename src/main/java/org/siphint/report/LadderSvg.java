package org.siphint.report;

import static org.siphint.report.HtmlText.escape;

import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Ladder} as inline SVG: a header box per party, dashed lifelines, one row per step
 * with its time on the left, the finding's evidence in red on a tinted band, a message that never
 * arrived as a dashed arrow ending in a cross, and a legend. Every arrow and note is a focusable
 * group carrying {@code data-msg} (the index of its text in the page's message list), so the page's
 * script can show what was logged. All text from logs is escaped.
 */
final class LadderSvg {

    private static final int GUTTER = 86;
    private static final int MIN_COLUMN = 250;
    private static final int MIN_WIDTH = 820;
    private static final int RIGHT = 24;
    private static final int HEAD_TOP = 12;
    private static final int HEAD_HEIGHT = 46;
    private static final int BOX_WIDTH = 200;
    private static final int FIRST_ROW = HEAD_TOP + HEAD_HEIGHT + 40;
    private static final int ROW = 52;
    private static final int LEGEND = 70;

    static final String NORMAL = "#334155";
    static final String FAULT = "#d42a2a";
    static final String LOST = "#b45309";

    private LadderSvg() {
    }

    /**
     * The SVG of {@code ladder}; {@code prefix} keeps element ids unique when a page holds several
     * diagrams, and {@code firstMessage} is the {@code data-msg} index of its first step.
     */
    static String render(Ladder ladder, String prefix, int firstMessage) {
        int n = Math.max(1, ladder.parties().size());
        int column = Math.max(MIN_COLUMN, (MIN_WIDTH - GUTTER - RIGHT) / n);
        int width = GUTTER + column * n + RIGHT;
        int rows = ladder.steps().size();
        int bottom = FIRST_ROW + rows * ROW - ROW / 2;
        int height = bottom + 16 + LEGEND;
        StringBuilder s = new StringBuilder(4096 + rows * 700);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ladder\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"Ladder diagram of the call\">\n");
        s.append("<defs>");
        marker(s, prefix + "-head", NORMAL);
        marker(s, prefix + "-head-fault", FAULT);
        marker(s, prefix + "-head-lost", LOST);
        s.append("</defs>\n");
        for (int i = 0; i < ladder.steps().size(); i++) {
            if (ladder.steps().get(i).fault()) {
                int y = FIRST_ROW + i * ROW;
                s.append("<rect class=\"band\" x=\"0\" y=\"").append(y - 30).append("\" width=\"").append(width)
                        .append("\" height=\"").append(ROW - 2).append("\" fill=\"#fdecec\"/>\n");
            }
        }
        for (int p = 0; p < ladder.parties().size(); p++) {
            party(s, ladder.parties().get(p), x(p, column), bottom);
        }
        for (int i = 0; i < ladder.steps().size(); i++) {
            Ladder.Step step = ladder.steps().get(i);
            int y = FIRST_ROW + i * ROW;
            time(s, step.offsetMillis(), y, step.fault());
            if (step instanceof Ladder.Arrow a) {
                arrow(s, ladder, a, column, y, prefix, firstMessage + i);
            } else {
                note(s, (Ladder.Note) step, column, y, firstMessage + i);
            }
        }
        legend(s, bottom + 16, prefix);
        s.append("</svg>\n");
        return s.toString();
    }

    private static int x(int party, int column) {
        return GUTTER + column * party + column / 2;
    }

    private static void marker(StringBuilder s, String id, String color) {
        s.append("<marker id=\"").append(id).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"11\" "
                + "markerHeight=\"11\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"")
                .append(color).append("\"/></marker>");
    }

    private static void party(StringBuilder s, Ladder.Party p, int x, int bottom) {
        String fill = p.logged() ? "#1e3a5f" : "#e8edf3";
        String ink = p.logged() ? "#ffffff" : "#1e293b";
        String sub = p.logged() ? "#c7d7ea" : "#475569";
        s.append("<g class=\"party\"><title>").append(escape(p.name() + (p.detail().isEmpty() ? "" : " — " + p.detail())))
                .append("</title>");
        s.append("<line x1=\"").append(x).append("\" y1=\"").append(HEAD_TOP + HEAD_HEIGHT).append("\" x2=\"").append(x)
                .append("\" y2=\"").append(bottom).append("\" stroke=\"#9aa8b8\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>");
        s.append("<rect x=\"").append(x - BOX_WIDTH / 2).append("\" y=\"").append(HEAD_TOP).append("\" width=\"")
                .append(BOX_WIDTH).append("\" height=\"").append(HEAD_HEIGHT).append("\" rx=\"8\" fill=\"").append(fill)
                .append("\" stroke=\"#1e3a5f\"/>");
        s.append("<text x=\"").append(x).append("\" y=\"").append(HEAD_TOP + 20)
                .append("\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"600\" fill=\"").append(ink).append("\">")
                .append(escape(p.name())).append("</text>");
        if (!p.detail().isEmpty()) {
            s.append("<text x=\"").append(x).append("\" y=\"").append(HEAD_TOP + 37)
                    .append("\" text-anchor=\"middle\" font-size=\"11.5\" fill=\"").append(sub).append("\">")
                    .append(escape(p.detail())).append("</text>");
        }
        s.append("</g>\n");
    }

    private static void time(StringBuilder s, long millis, int y, boolean fault) {
        if (millis < 0) {
            return;
        }
        s.append("<text class=\"time\" x=\"10\" y=\"").append(y + 4).append("\" font-size=\"11.5\" fill=\"")
                .append(fault ? FAULT : "#64748b").append("\" font-family=\"ui-monospace, monospace\">")
                .append(escape(offset(millis))).append("</text>\n");
    }

    /** {@code +0.026 s}, {@code +12.500 s}, {@code +2:03.100}. */
    static String offset(long millis) {
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "+%.3f s", millis / 1000.0);
        }
        return String.format(Locale.ROOT, "+%d:%06.3f", millis / 60_000, (millis % 60_000) / 1000.0);
    }

    private static void arrow(StringBuilder s, Ladder ladder, Ladder.Arrow a, int column, int y, String prefix, int msg) {
        String color = a.fault() ? FAULT : a.neverReceived() ? LOST : NORMAL;
        String head = prefix + (a.fault() ? "-head-fault" : a.neverReceived() ? "-head-lost" : "-head");
        int x1 = x(a.from(), column);
        int x2 = x(a.to(), column);
        String cls = "arrow" + (a.fault() ? " fault" : "") + (a.neverReceived() ? " lost" : "") + (a.paired() ? " paired" : "");
        String detail = a.detail();
        if (a.neverReceived()) {
            String receiver = ladder.parties().get(a.to()).name();
            detail = (detail.isEmpty() ? "" : detail + " · ") + "never received by " + receiver;
        }
        s.append("<g class=\"").append(cls).append("\" data-msg=\"").append(msg)
                .append("\" tabindex=\"0\" role=\"button\" aria-label=\"").append(escape(a.label())).append("\">");
        s.append("<title>").append(escape(a.label() + (detail.isEmpty() ? "" : " — " + detail))).append("</title>");
        String width = a.fault() ? "2.6" : "1.6";
        String dash = a.neverReceived() ? " stroke-dasharray=\"8 5\"" : "";
        int labelX;
        if (x1 == x2) {
            // a peer the log does not name: a loop on the program's own lifeline
            s.append("<path class=\"hit\" d=\"M").append(x1).append(',').append(y - 8).append(" h46 v16 h-46\" fill=\"none\" "
                    + "stroke=\"transparent\" stroke-width=\"16\"/>");
            s.append("<path class=\"line\" d=\"M").append(x1).append(',').append(y - 8).append(" h46 v16 h-44\" fill=\"none\" "
                    + "stroke=\"").append(color).append("\" stroke-width=\"").append(width).append('"').append(dash)
                    .append(" marker-end=\"url(#").append(head).append(")\"/>");
            labelX = x1 + 54;
            s.append("<text class=\"label\" x=\"").append(labelX).append("\" y=\"").append(y - 2)
                    .append("\" font-size=\"13\" font-weight=\"").append(a.fault() ? "700" : "500").append("\" fill=\"")
                    .append(color).append("\">").append(escape(a.label())).append("</text>");
            if (!detail.isEmpty()) {
                s.append("<text class=\"detail\" x=\"").append(labelX).append("\" y=\"").append(y + 14)
                        .append("\" font-size=\"11.5\" fill=\"#475569\">").append(escape(detail)).append("</text>");
            }
            s.append("</g>\n");
            return;
        }
        int dir = x2 > x1 ? 1 : -1;
        int end = a.neverReceived() ? x2 - dir * 34 : x2 - dir * 2;
        s.append("<line class=\"hit\" x1=\"").append(x1).append("\" y1=\"").append(y).append("\" x2=\"").append(x2)
                .append("\" y2=\"").append(y).append("\" stroke=\"transparent\" stroke-width=\"22\"/>");
        s.append("<line class=\"line\" x1=\"").append(x1 + dir * 2).append("\" y1=\"").append(y).append("\" x2=\"").append(end)
                .append("\" y2=\"").append(y).append("\" stroke=\"").append(color).append("\" stroke-width=\"").append(width)
                .append('"').append(dash);
        if (!a.neverReceived()) {
            s.append(" marker-end=\"url(#").append(head).append(")\"");
        }
        s.append("/>");
        if (a.neverReceived()) {
            int cx = end + dir * 8;
            s.append("<path d=\"M").append(cx - 6).append(',').append(y - 6).append(" l12,12 M").append(cx - 6).append(',')
                    .append(y + 6).append(" l12,-12\" stroke=\"").append(color).append("\" stroke-width=\"2.6\"/>");
        }
        for (Ladder.View v : a.views()) {
            int party = ladder.partyOfFile(v.file());
            if (party == a.from() || party == a.to()) {
                int dx = party == a.from() ? x1 + dir * 8 : x2 - dir * 24;
                s.append("<circle class=\"logged\" cx=\"").append(dx).append("\" cy=\"").append(y).append("\" r=\"3.6\" fill=\"")
                        .append(color).append("\"/>");
            }
        }
        labelX = (x1 + x2) / 2;
        s.append("<text class=\"label\" x=\"").append(labelX).append("\" y=\"").append(y - 7)
                .append("\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"").append(a.fault() ? "700" : "500")
                .append("\" fill=\"").append(color).append("\">").append(escape(a.label())).append("</text>");
        if (!detail.isEmpty()) {
            s.append("<text class=\"detail\" x=\"").append(labelX).append("\" y=\"").append(y + 16)
                    .append("\" text-anchor=\"middle\" font-size=\"11.5\" fill=\"").append(a.neverReceived() ? LOST : "#475569")
                    .append("\">").append(escape(detail)).append("</text>");
        }
        s.append("</g>\n");
    }

    private static void note(StringBuilder s, Ladder.Note n, int column, int y, int msg) {
        int x = x(n.party(), column);
        String text = n.text().length() > 58 ? n.text().substring(0, 57) + "…" : n.text();
        int w = Math.min(column * 2 - 40, 24 + (int) (text.length() * 6.3));
        int left = x - w / 2;
        String stroke = n.fault() ? FAULT : "#d97706";
        s.append("<g class=\"note").append(n.fault() ? " fault" : "").append("\" data-msg=\"").append(msg)
                .append("\" tabindex=\"0\" role=\"button\" aria-label=\"log line\">");
        s.append("<title>").append(escape(n.text())).append("</title>");
        s.append("<rect x=\"").append(left).append("\" y=\"").append(y - 14).append("\" width=\"").append(w)
                .append("\" height=\"26\" rx=\"5\" fill=\"#fff7e0\" stroke=\"").append(stroke).append("\"/>");
        s.append("<text x=\"").append(x).append("\" y=\"").append(y + 4).append("\" text-anchor=\"middle\" font-size=\"11.5\" "
                + "fill=\"#5b3a00\">").append(escape(text)).append("</text>");
        s.append("</g>\n");
    }

    private static void legend(StringBuilder s, int top, String prefix) {
        s.append("<g class=\"legend\" font-size=\"12\" fill=\"#334155\">");
        s.append("<line x1=\"0\" y1=\"").append(top).append("\" x2=\"100%\" y2=\"").append(top)
                .append("\" stroke=\"#e2e8f0\"/>");
        int y = top + 24;
        int x = 12;
        s.append("<line x1=\"").append(x).append("\" y1=\"").append(y).append("\" x2=\"").append(x + 40).append("\" y2=\"")
                .append(y).append("\" stroke=\"").append(NORMAL).append("\" stroke-width=\"1.6\" marker-end=\"url(#")
                .append(prefix).append("-head)\"/><text x=\"").append(x + 48).append("\" y=\"").append(y + 4)
                .append("\">SIP message</text>");
        x = 150;
        s.append("<line x1=\"").append(x).append("\" y1=\"").append(y).append("\" x2=\"").append(x + 40).append("\" y2=\"")
                .append(y).append("\" stroke=\"").append(FAULT).append("\" stroke-width=\"2.6\" marker-end=\"url(#")
                .append(prefix).append("-head-fault)\"/><text x=\"").append(x + 48).append("\" y=\"").append(y + 4)
                .append("\" fill=\"").append(FAULT).append("\" font-weight=\"600\">the fault: this finding's evidence</text>");
        x = 440;
        s.append("<line x1=\"").append(x).append("\" y1=\"").append(y).append("\" x2=\"").append(x + 32).append("\" y2=\"")
                .append(y).append("\" stroke=\"").append(LOST).append("\" stroke-width=\"1.6\" stroke-dasharray=\"8 5\"/>")
                .append("<path d=\"M").append(x + 34).append(',').append(y - 5).append(" l10,10 M").append(x + 34).append(',')
                .append(y + 5).append(" l10,-10\" stroke=\"").append(LOST).append("\" stroke-width=\"2.2\"/><text x=\"")
                .append(x + 52).append("\" y=\"").append(y + 4).append("\">sent, never received</text>");
        y += 26;
        x = 12;
        s.append("<circle cx=\"").append(x + 20).append("\" cy=\"").append(y).append("\" r=\"3.6\" fill=\"").append(NORMAL)
                .append("\"/><text x=\"").append(x + 48).append("\" y=\"").append(y + 4)
                .append("\">logged at this end (two dots: seen in both logs)</text>");
        x = 440;
        s.append("<rect x=\"").append(x).append("\" y=\"").append(y - 9).append("\" width=\"44\" height=\"18\" rx=\"4\" "
                + "fill=\"#fff7e0\" stroke=\"#d97706\"/><text x=\"").append(x + 52).append("\" y=\"").append(y + 4)
                .append("\">a log line (not SIP)</text>");
        s.append("</g>\n");
    }
}
