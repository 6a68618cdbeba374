package org.siphint.report;

import static org.siphint.report.HtmlText.escape;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code history.html}: the daemon's findings, newest first (time, situation, account, title and
 * summary, a link to the report), with two filters, by situation and by account.
 *
 * <p>The table is written as escaped HTML, so the page reads without its script; the script only
 * hides rows whose {@code data-situation} and {@code data-account} attributes differ from the
 * filters' values (it compares strings, it never writes markup). Like the reports, the page loads
 * nothing and its Content-Security-Policy allows only that script, by its hash.
 */
final class HistoryPage {

    static final String SCRIPT = """
            (function () {
              'use strict';
              var situation = document.getElementById('situation');
              var account = document.getElementById('account');
              var count = document.getElementById('shown');
              function apply() {
                var n = 0;
                document.querySelectorAll('tr.finding').forEach(function (row) {
                  var show = (situation.value === '' || row.getAttribute('data-situation') === situation.value)
                      && (account.value === '' || row.getAttribute('data-account') === account.value);
                  row.hidden = !show;
                  if (show) { n++; }
                });
                count.textContent = String(n);
              }
              situation.addEventListener('change', apply);
              account.addEventListener('change', apply);
              apply();
            })();
            """;

    private static final String STYLE = HtmlReport.BASE_STYLE + """
            h1 { font-size: 21px; margin: 14px 0 6px; }
            form.filters { margin: 10px 0 14px; display: flex; gap: 18px; flex-wrap: wrap; align-items: center; }
            form.filters select { font: inherit; padding: 3px 6px; max-width: 360px; }
            table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid #dbe2ea; }
            th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid #e2e8f0; vertical-align: top; }
            th { background: #eef2f7; font-size: 13px; color: #334155; }
            td.time { white-space: nowrap; font: 13px ui-monospace, monospace; }
            td.account { font: 13px ui-monospace, monospace; word-break: break-all; }
            .badge { display: inline-block; font: 600 12px/1 ui-monospace, monospace; padding: 4px 8px;
                     border-radius: 5px; background: #e2e8f0; color: #1e293b; white-space: nowrap; }
            .badge.error { background: #d42a2a; color: #fff; }
            .badge.warning { background: #d97706; color: #fff; }
            .summary { color: #475569; font-size: 13.5px; }
            .muted { color: #64748b; font-size: 13px; }
            footer { color: #64748b; font-size: 12px; text-align: center; margin-top: 24px; }
            """;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private HistoryPage() {
    }

    /** The page of {@code entries} (newest first); a report link is written only when its file is in {@code dir}. */
    static String render(List<History.Entry> entries, Path dir, ZoneId zone) {
        StringBuilder page = new StringBuilder(4096 + entries.size() * 600);
        HtmlReport.head(page, SCRIPT, "history", STYLE);
        page.append("<header class=\"top\"><b>siphint</b> · what went wrong recently</header>\n<main>\n");
        page.append("<h1>Findings, newest first</h1>\n");
        TreeSet<String> situations = new TreeSet<>();
        TreeSet<String> accounts = new TreeSet<>();
        for (History.Entry e : entries) {
            situations.add(e.situation());
            if (e.account() != null) {
                accounts.add(e.account());
            }
        }
        page.append("<form class=\"filters\">\n");
        select(page, "situation", "Situation", "every situation", situations);
        select(page, "account", "Account", "every account", accounts);
        page.append("<span class=\"muted\"><span id=\"shown\">").append(entries.size()).append("</span> of ")
                .append(entries.size()).append(" shown</span>\n</form>\n");
        if (entries.isEmpty()) {
            page.append("<p class=\"muted\">No finding yet.</p>\n");
        }
        page.append("<table>\n<thead><tr><th>Time</th><th>Situation</th><th>Account</th><th>What happened</th>"
                + "<th>Report</th></tr></thead>\n<tbody>\n");
        for (History.Entry e : entries) {
            page.append("<tr class=\"finding\" data-situation=\"").append(escape(e.situation()))
                    .append("\" data-account=\"").append(escape(e.account() == null ? "" : e.account())).append("\">");
            page.append("<td class=\"time\">").append(escape(TIME.format(e.time().atZone(zone)))).append("</td>");
            page.append("<td><span class=\"badge ").append(escape(e.severity())).append("\">").append(escape(e.situation()))
                    .append("</span></td>");
            page.append("<td class=\"account\">").append(escape(e.account() == null ? "" : e.account())).append("</td>");
            page.append("<td><b>").append(escape(e.title())).append("</b><br><span class=\"summary\">")
                    .append(escape(e.summary())).append("</span></td>");
            page.append("<td>");
            if (e.report() != null && ReportNames.FILE.matcher(e.report()).matches()
                    && Files.isRegularFile(dir.resolve(e.report()))) {
                page.append("<a href=\"").append(escape(e.report())).append("\">report</a>");
            } else {
                page.append("<span class=\"muted\">none</span>");
            }
            page.append("</td></tr>\n");
        }
        page.append("</tbody>\n</table>\n");
        page.append("<footer>Written by siphint as it finds things; the newest ").append(History.MAX)
                .append(" findings are kept. Reload to see new ones.</footer>\n</main>\n");
        page.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return page.toString();
    }

    private static void select(StringBuilder page, String id, String label, String all, TreeSet<String> values) {
        page.append("<label>").append(label).append(" <select id=\"").append(id).append("\"><option value=\"\">")
                .append(all).append("</option>");
        for (String v : values) {
            page.append("<option value=\"").append(escape(v)).append("\">").append(escape(v)).append("</option>");
        }
        page.append("</select></label>\n");
    }
}
