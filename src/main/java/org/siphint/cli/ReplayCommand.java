package org.siphint.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.kie.api.KieBase;
import org.siphint.engine.RuleCompileException;
import org.siphint.event.Role;
import org.siphint.finding.CatalogException;
import org.siphint.finding.ConsoleSink;
import org.siphint.finding.FindingFactory;
import org.siphint.finding.FindingSink;
import org.siphint.finding.JsonLinesSink;
import org.siphint.hep.HepForwarder;
import org.siphint.net.NetTarget;
import org.siphint.pipeline.Pipeline;
import org.siphint.pipeline.Replay;
import org.siphint.source.LogSource;

import org.siphint.pipeline.RuleSetup;
import org.siphint.report.CallRecorder;
import org.siphint.report.ReportWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siphint replay FILE...}: reads whole logs as one timeline and prints the findings. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Read log files as one timeline and print one JSON object per finding on stdout.",
                "Nothing else is written to stdout; problems go to stderr."})
final class ReplayCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Log files (softphone and PBX logs may be mixed).")
    List<Path> files;

    @Option(names = "--role", paramLabel = "ROLE", converter = RoleConverter.class,
            description = "Whose logs these are: softphone or pbx (default: the usual role of each file's format).")
    Role role;

    @Option(names = "--dialect", paramLabel = "ID",
            description = "Log format of the files, instead of detecting it (asterisk, pjsip, ...).")
    String dialect;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone the logs were written in (default: this machine's).")
    ZoneId zone = ZoneId.systemDefault();

    @Option(names = "--format", paramLabel = "FORMAT", description = "json (one object per line) or text.")
    String format = "json";

    @Option(names = "--progress", negatable = true,
            description = "Show a progress bar on stderr (default: when run on a terminal).")
    Boolean progress;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Also write an HTML report with the call's ladder diagram per finding into DIR.")
    Path reportDir;

    @Option(names = "--stats",
            description = "At the end, print on stderr what was read and how many facts the rules were given.")
    boolean stats;

    @Option(names = "--hep-forward", paramLabel = "URI",
            description = "Also send the logs' SIP messages as HEP v3 to a collector (Homer) at udp://HOST:PORT or tcp://HOST:PORT.")
    String hepForward;

    @Option(names = "--hep-forward-id", paramLabel = "N", defaultValue = "" + HepForwarder.DEFAULT_CAPTURE_ID,
            description = "The capture agent id sent with them (default: ${DEFAULT-VALUE}).")
    long hepForwardId;

    @Mixin
    RuleOptions rules;

    @Override
    public Integer call() throws IOException, RuleCompileException, CatalogException {
        if (!format.equals("json") && !format.equals("text")) {
            System.err.println("siphint replay: --format must be json or text");
            return ExitCodes.USAGE;
        }
        List<LogSource> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(new LogSource(f, role, dialect));
        }
        KieBase base;
        FindingFactory findings;
        try {
            RuleSetup setup = rules.setup();
            base = setup.compile();
            findings = new FindingFactory(setup.catalog());
        } catch (RuleCompileException | CatalogException e) {
            System.err.println("siphint replay: the rules do not compile:");
            System.err.println(e.getMessage());
            return ExitCodes.FAILURE;
        }
        PrintStream out = System.out;
        FindingSink sink = format.equals("json") ? new JsonLinesSink(out) : new ConsoleSink(out);
        List<FindingSink> sinks = new ArrayList<>(List.of(sink));
        CallRecorder recorder = reportDir == null ? null : new CallRecorder();
        ReportWriter reports = reportDir == null ? null
                : new ReportWriter(reportDir, recorder, ReportWriter.When.AT_CLOSE, 0, zone);
        if (reports != null) {
            sinks.add(reports);
        }
        HepForwarder forwarder;
        try {
            forwarder = hepForward == null ? null
                    : new HepForwarder(NetTarget.parse(hepForward, HepForwarder.DEFAULT_PORT), hepForwardId,
                            null, HepForwarder.logsOnly(captureNames(sources)), true, null);
        } catch (IllegalArgumentException e) {
            System.err.println("siphint replay: --hep-forward " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Replay replay = new Replay(zone);
        boolean showProgress = progress != null ? progress : System.console() != null;
        try (Pipeline pipeline = new Pipeline(base, findings, sinks);
             ProgressBar bar = showProgress ? new ProgressBar(System.err, replay::progress) : null) {
            if (recorder != null) {
                pipeline.observe(recorder);
            }
            if (forwarder != null) {
                pipeline.observe(forwarder);
            }
            pipeline.observe(new org.siphint.pipeline.TraceNote(System.err));
            long started = System.nanoTime();
            long rulesCpu = Replay.threadCpuNanos();
            Replay.Stats read = replay.run(sources, pipeline);
            if (stats) {
                double seconds = (System.nanoTime() - started) / 1e9;
                rulesCpu = Replay.threadCpuNanos() - rulesCpu;
                long bytes = replay.progress()[1];
                System.err.printf(java.util.Locale.ROOT,
                        "siphint replay: %d bytes, %d lines, %d events, %d facts given to the rules "
                                + "(%.1f per MB), %d findings, %.2f s (CPU: reading %.2f s, rules %.2f s)%n",
                        bytes, read.lines(), read.events(), pipeline.factsInserted(),
                        pipeline.factsInserted() / Math.max(1e-9, bytes / 1048576.0), pipeline.findingCount(), seconds,
                        read.readerCpuNanos() / 1e9, rulesCpu / 1e9);
            }
        } catch (IOException e) {
            System.err.println("siphint replay: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            if (forwarder != null) {
                forwarder.close();
                System.err.println("siphint replay: HEP to " + forwarder.target() + ": " + forwarder.sent() + " sent, "
                        + forwarder.dropped() + " dropped");
            }
        }
        if (reports != null && !reports.failures().isEmpty()) {
            reports.failures().forEach(problem -> System.err.println("siphint replay: cannot write report " + problem));
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    /** The sources that are captures (their packets are on the wire already: not forwarded). */
    static java.util.Set<String> captureNames(List<LogSource> sources) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (LogSource s : sources) {
            if (java.nio.file.Files.isRegularFile(s.path()) && org.siphint.capture.CaptureEvents.isCapture(s.path())) {
                names.add(s.displayName());
            }
        }
        return names;
    }
}
