package org.siphint.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import org.siphint.finding.Catalog;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code siphint explain ID}: prints a situation's catalog entry. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain a situation (e.g. sip-488, one-way-audio): causes and fixes. Without an id, list them.")
final class ExplainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", arity = "0..1", description = "A situation id.")
    String id;

    @Mixin
    RuleOptions rules;

    @Override
    public Integer call() throws Exception {
        Catalog catalog = rules.setup().catalog();
        PrintStream out = System.out;
        if (id == null) {
            catalog.entries().values().forEach(e -> out.printf("%-24s %s%n", e.id(), e.title()));
            return ExitCodes.OK;
        }
        Catalog.Entry entry = catalog.get(id);
        if (entry == null) {
            System.err.println("siphint explain: no situation '" + id + "'; 'siphint explain' lists them");
            return ExitCodes.USAGE;
        }
        out.println(entry.id() + ": " + entry.title() + " [" + entry.severity().id() + "]");
        out.println();
        out.println(entry.explanation());
        for (Catalog.Cause cause : entry.causes().values()) {
            out.println();
            out.println("Cause '" + cause.id() + "': " + cause.summary());
            int n = 1;
            for (String step : cause.fix()) {
                out.println("  " + n++ + ". " + step);
            }
            if (!cause.adminFix().isEmpty()) {
                out.println("  For the PBX or network admin:");
                for (String step : cause.adminFix()) {
                    out.println("  - " + step);
                }
            }
        }
        return ExitCodes.OK;
    }
}
