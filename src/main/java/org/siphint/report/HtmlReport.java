package org.siphint.report;

import static org.siphint.report.HtmlText.escape;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.siphint.finding.Evidence;
import org.siphint.finding.Finding;

/**
 * One self-contained HTML page about one call: per finding, the situation, title, summary,
 * explanation and the fix steps, beside the call's ladder diagram; clicking an arrow shows the
 * message as logged, with its file and line.
 *
 * <p>Nothing is loaded from anywhere: inline CSS, inline SVG, one small inline script. The page's
 * Content-Security-Policy forbids every remote load and allows only that script, by its hash.
 * Log text reaches the page only escaped (HTML and SVG text) or as JSON in a
 * {@code <script type="application/json">} data block, which the script reads with
 * {@code textContent} and writes into the page with {@code textContent}: never as markup.
 */
public final class HtmlReport {

    /** One finding and its ladder (null when no message of the call was kept). */
    public record Section(Finding finding, Ladder ladder) {
    }

    static final String SCRIPT = """
            (function () {
              'use strict';
              var data = JSON.parse(document.getElementById('siphint-messages').textContent);
              var selected = null;
              function show(el) {
                var m = data[Number(el.getAttribute('data-msg'))];
                if (!m) { return; }
                var panel = document.getElementById(el.closest('section').id + '-detail');
                while (panel.firstChild) { panel.removeChild(panel.firstChild); }
                var h = document.createElement('h4');
                h.textContent = m.title;
                panel.appendChild(h);
                m.views.forEach(function (v) {
                  var where = document.createElement('p');
                  where.className = 'where';
                  where.textContent = v.where;
                  var pre = document.createElement('pre');
                  pre.textContent = v.text;
                  panel.appendChild(where);
                  panel.appendChild(pre);
                });
                if (selected) { selected.classList.remove('selected'); }
                selected = el;
                el.classList.add('selected');
              }
              document.querySelectorAll('[data-msg]').forEach(function (el) {
                el.addEventListener('click', function () { show(el); });
                el.addEventListener('keydown', function (e) {
                  if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(el); }
                });
              });
              document.querySelectorAll('section.finding').forEach(function (sec) {
                var first = sec.querySelector('.arrow.fault') || sec.querySelector('[data-msg]');
                if (first) { show(first); }
              });
            })();
            """;

    static final String SCRIPT_HASH = "sha256-" + sha256(SCRIPT);

    /** The page's policy: nothing remote, no script but the page's own. */
    static final String CSP = csp(SCRIPT);

    /** The policy of a siphint page whose only script is {@code script} (null: none): nothing remote, that script by its hash. */
    static String csp(String script) {
        return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src "
                + (script == null ? "'none'" : "'sha256-" + sha256(script) + "'") + "; base-uri 'none'; form-action 'none'";
    }

    /** The start of a siphint page up to its {@code <body>}: the policy allowing {@code script}, the title and the style. */
    static void head(StringBuilder page, String script, String title, String style) {
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(escape(csp(script))).append("\">\n");
        page.append("<meta name=\"referrer\" content=\"no-referrer\">\n");
        page.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.append("<title>siphint · ").append(escape(title)).append("</title>\n");
        page.append("<style>\n").append(style).append("</style>\n</head>\n<body>\n");
    }

    /** What every siphint page shares: the page, its top bar and its column. */
    static final String BASE_STYLE = """
            :root { color-scheme: light; }
            body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0f172a;
                   background: #f4f6f9; margin: 0; }
            header.top { background: #1e3a5f; color: #fff; padding: 10px 24px; font-size: 14px; }
            header.top b { font-weight: 650; letter-spacing: .02em; }
            main { max-width: 1180px; margin: 0 auto; padding: 8px 24px 40px; }
            """;

    private static final String STYLE = BASE_STYLE + """
            section.finding { background: #fff; border: 1px solid #dbe2ea; border-radius: 10px; margin: 18px 0;
                              padding: 18px 22px; }
            h1 { font-size: 21px; margin: 4px 0 6px; }
            h2 { font-size: 15px; margin: 18px 0 6px; color: #334155; }
            .badge { display: inline-block; font: 600 12px/1 ui-monospace, monospace; padding: 4px 8px;
                     border-radius: 5px; background: #e2e8f0; color: #1e293b; margin-right: 6px; }
            .badge.error { background: #d42a2a; color: #fff; }
            .badge.warning { background: #d97706; color: #fff; }
            .summary { font-size: 16px; font-weight: 500; margin: 6px 0; }
            .explanation { color: #334155; }
            .facts { color: #475569; font-size: 13px; }
            .facts code { font-size: 12.5px; }
            .diagram { overflow-x: auto; border: 1px solid #e2e8f0; border-radius: 8px; background: #fff;
                       margin-top: 8px; }
            svg.ladder { display: block; margin: 0 auto; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
            svg .arrow, svg .note { cursor: pointer; outline: none; }
            svg .arrow:hover .line, svg .arrow:focus .line { stroke-width: 3.2; }
            svg .arrow.selected .label, svg .note.selected text { text-decoration: underline; }
            svg .arrow.selected .line { stroke-width: 3.6; }
            svg .note.selected rect { stroke-width: 2.5; }
            .detail { margin-top: 10px; border: 1px solid #e2e8f0; border-radius: 8px; padding: 4px 14px 8px;
                      background: #fbfcfe; }
            .detail h4 { margin: 8px 0 2px; font-size: 14px; }
            .detail .where { margin: 6px 0 2px; color: #475569; font: 12.5px ui-monospace, monospace; }
            .detail pre { margin: 0; padding: 8px 10px; background: #0f172a; color: #e2e8f0; border-radius: 6px;
                          font: 12.5px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre-wrap;
                          word-break: break-all; max-height: 360px; overflow: auto; }
            .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 28px; }
            ol { margin: 4px 0; padding-left: 22px; }
            ul.evidence { list-style: none; padding: 0; margin: 4px 0; font: 12.5px/1.5 ui-monospace, monospace; }
            ul.evidence li { margin: 2px 0; }
            ul.evidence .where { color: #64748b; }
            .muted { color: #64748b; font-size: 13px; }
            footer { color: #64748b; font-size: 12px; text-align: center; margin-top: 24px; }
            @media (max-width: 760px) { .columns { grid-template-columns: 1fr; } }
            """;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private HtmlReport() {
    }

    /** The page for one call: a section per finding (or one section with the bare ladder when there is none). */
    public static String render(String callId, List<Section> sections, ZoneId zone) {
        List<Map<String, Object>> messages = new ArrayList<>();
        StringBuilder body = new StringBuilder(16_384);
        for (int i = 0; i < sections.size(); i++) {
            section(body, sections.get(i), "f" + i, messages, zone);
        }
        String title = sections.isEmpty() || sections.get(0).finding() == null ? "Call " + (callId == null ? "" : callId)
                : sections.get(0).finding().situation() + ": " + sections.get(0).finding().title();
        StringBuilder page = new StringBuilder(body.length() + 8192);
        head(page, SCRIPT, title, STYLE);
        page.append("<header class=\"top\"><b>siphint</b> · what went wrong on call <code>").append(escape(callId))
                .append("</code></header>\n<main>\n");
        page.append(body);
        page.append("<footer>Written by siphint from the logs it read. Message texts are as logged, with credentials "
                + "removed. Click an arrow to see its message.</footer>\n</main>\n");
        page.append("<script type=\"application/json\" id=\"siphint-messages\">").append(HtmlText.json(messages))
                .append("</script>\n");
        page.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return page.toString();
    }

    private static void section(StringBuilder s, Section section, String id, List<Map<String, Object>> messages, ZoneId zone) {
        Finding f = section.finding();
        s.append("<section class=\"finding\" id=\"").append(id).append("\">\n");
        if (f != null) {
            s.append("<div><span class=\"badge ").append(escape(f.severity())).append("\">").append(escape(f.situation()))
                    .append("</span><span class=\"badge\">").append(escape(f.severity())).append("</span></div>\n");
            s.append("<h1>").append(escape(f.title())).append("</h1>\n");
            s.append("<p class=\"summary\">").append(escape(f.summary())).append("</p>\n");
            s.append("<p class=\"explanation\">").append(escape(f.explanation())).append("</p>\n");
            s.append("<p class=\"facts\">");
            if (f.time() != null) {
                s.append("At ").append(escape(TIME.format(f.time().atZone(zone)))).append(" · ");
            }
            if (f.account() != null) {
                s.append("account <code>").append(escape(f.account())).append("</code> · ");
            }
            s.append("Call-ID <code>").append(escape(f.callId())).append("</code>");
            if (f.rule() != null) {
                s.append(" · rule “").append(escape(f.rule())).append("”");
            }
            s.append("</p>\n");
        } else {
            s.append("<h1>The call as the logs show it</h1>\n<p class=\"summary\">siphint found nothing wrong on this "
                    + "call.</p>\n");
        }
        s.append("<h2>The call</h2>\n");
        Ladder ladder = section.ladder();
        if (ladder == null || ladder.steps().isEmpty()) {
            s.append("<p class=\"muted\">No SIP message of this call is still in memory: the evidence below is what "
                    + "the finding recorded.</p>\n");
        } else {
            if (ladder.droppedMessages() > 0) {
                s.append("<p class=\"muted\">").append(ladder.droppedMessages())
                        .append(" earlier messages of this call are not shown (siphint keeps the latest ones).</p>\n");
            }
            int first = messages.size();
            for (Ladder.Step step : ladder.steps()) {
                messages.add(message(ladder, step));
            }
            s.append("<div class=\"diagram\">\n").append(LadderSvg.render(ladder, id, first)).append("</div>\n");
            s.append("<div class=\"detail\" id=\"").append(id).append("-detail\" aria-live=\"polite\"></div>\n");
        }
        if (f != null) {
            s.append("<div class=\"columns\">\n<div>\n<h2>What you can do</h2>\n");
            list(s, f.fix());
            s.append("</div>\n<div>\n<h2>For the PBX or network admin</h2>\n");
            list(s, f.adminFix());
            s.append("</div>\n</div>\n<h2>Evidence</h2>\n<ul class=\"evidence\">\n");
            for (Evidence e : f.evidence()) {
                s.append("<li><span class=\"where\">").append(escape(e.file())).append(':').append(e.line())
                        .append("</span> ").append(escape(e.text())).append("</li>\n");
            }
            s.append("</ul>\n");
        }
        s.append("</section>\n");
    }

    private static void list(StringBuilder s, List<String> items) {
        if (items == null || items.isEmpty()) {
            s.append("<p class=\"muted\">Nothing specific.</p>\n");
            return;
        }
        s.append("<ol>\n");
        for (String item : items) {
            s.append("<li>").append(escape(item)).append("</li>\n");
        }
        s.append("</ol>\n");
    }

    private static Map<String, Object> message(Ladder ladder, Ladder.Step step) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, String>> views = new ArrayList<>();
        if (step instanceof Ladder.Arrow a) {
            String from = ladder.parties().get(a.from()).name();
            String to = ladder.parties().get(a.to()).name();
            String title = a.label() + " · " + from + " → " + to;
            if (a.neverReceived()) {
                title += " · never received by " + to;
            } else if (a.paired()) {
                title += " · seen in both logs";
            }
            m.put("title", title);
        } else {
            m.put("title", "Log line on " + ladder.parties().get(((Ladder.Note) step).party()).name());
        }
        for (Ladder.View v : step.views()) {
            String how = v.direction() == null ? "" : v.direction() == org.siphint.event.Direction.SENT ? " (sent)" : " (received)";
            views.add(Map.of("where", v.file() + ":" + v.line() + how, "text", v.text()));
        }
        m.put("views", views);
        return m;
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
