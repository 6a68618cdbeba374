package org.siphint.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.siphint.notify.Browser;
import org.siphint.report.History;
import org.siphint.report.ReportWriter;
import org.siphint.source.Platform;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code siphint history}: the daemon's last findings, on the console or as the history page. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Print the last findings of 'watch', newest first, with the path of each one's report.",
                "--open opens history.html (in the reports folder) in the browser instead."})
final class HistoryCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Option(names = "-n", paramLabel = "N", description = "How many findings to print (default: 20).")
    int count = 20;

    @Option(names = "--open", description = "Open the history page in the browser.")
    boolean open;

    @Option(names = "--config", paramLabel = "FILE", description = "The YAML configuration 'watch' uses (reportDir, browser).")
    Path config;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "The reports folder 'watch' writes to (default: as 'watch').")
    String reportDir;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone to show times in (default: this machine's).")
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (count < 1) {
            err.println("siphint history: -n must be 1 or more");
            return ExitCodes.USAGE;
        }
        Platform platform = Platform.current();
        Path configFile = config != null ? config : ConfigLocations.find(platform).orElse(null);
        WatchConfig cfg = configFile == null ? new WatchConfig() : WatchConfig.load(configFile);
        Path dir = reportFolder(reportDir, cfg, platform);
        if (dir == null) {
            err.println("siphint history: reports are turned off ('none'), so there is no history");
            return ExitCodes.FAILURE;
        }
        if (open) {
            Path page = dir.resolve(History.PAGE_FILE);
            if (!Files.isRegularFile(page)) {
                err.println("siphint history: no history page yet: " + page + " is written with the first finding");
                return ExitCodes.FAILURE;
            }
            Browser browser = Browser.of(cfg.browser, System.getProperty("os.name"));
            browser.open(page);
            out.println(page);
            return ExitCodes.OK;
        }
        List<History.Entry> entries;
        try {
            entries = History.read(dir);
        } catch (IOException e) {
            err.println("siphint history: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        if (entries.isEmpty()) {
            out.println("No finding yet in " + dir);
            return ExitCodes.OK;
        }
        for (History.Entry e : entries.subList(0, Math.min(count, entries.size()))) {
            out.println(TIME.format(e.time().atZone(zone)) + "  " + e.severity().toUpperCase(Locale.ROOT) + "  "
                    + e.situation() + (e.account() == null ? "" : "  " + e.account()) + "  " + e.title());
            out.println("    " + e.summary());
            if (e.report() != null) {
                out.println("    " + dir.resolve(e.report()));
            }
        }
        return ExitCodes.OK;
    }

    /** The reports folder from the option, else the config, else the default; null when reports are off. */
    static Path reportFolder(String option, WatchConfig cfg, Platform platform) {
        String setting = option != null ? option : cfg.reportDir != null ? cfg.reportDir : "";
        if (setting.equals("none")) {
            return null;
        }
        return setting.isEmpty() ? ReportWriter.defaultDirectory() : platform.expand(setting);
    }
}
