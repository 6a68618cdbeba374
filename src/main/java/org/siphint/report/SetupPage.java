package org.siphint.report;

import static org.siphint.report.HtmlText.escape;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code setup.html}: what {@code siphint doctor} says, as a page the tray's "Check setup" opens.
 * The text names files and settings (paths can hold anything), so it is escaped; the page runs no
 * script and loads nothing.
 */
public final class SetupPage {

    public static final String FILE = "setup.html";

    private static final String STYLE = HtmlReport.BASE_STYLE + """
            pre { background: #fff; border: 1px solid #dbe2ea; border-radius: 8px; padding: 14px 18px;
                  font: 13px/1.5 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre-wrap; }
            """;

    private SetupPage() {
    }

    /** Writes the page for {@code doctorText} into {@code dir} and answers its path. */
    public static Path write(Path dir, String doctorText) throws IOException {
        StringBuilder page = new StringBuilder(doctorText.length() + 2048);
        HtmlReport.head(page, null, "setup check", STYLE);
        page.append("<header class=\"top\"><b>siphint</b> · setup check</header>\n<main>\n<pre>")
                .append(escape(doctorText)).append("</pre>\n</main>\n</body>\n</html>\n");
        Path file = dir.resolve(FILE);
        ReportWriter.writeAtomically(file, page.toString());
        return file;
    }
}
