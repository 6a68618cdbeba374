package org.siphint.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.siphint.finding.CatalogException;
import org.siphint.pipeline.RuleSetup;

import picocli.CommandLine.Option;

/** {@code --rules DIR} and {@code --disable-rule NAME}: which rules and catalog a command runs. */
final class RuleOptions {

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Folder of your own .drl files and catalog.yaml, laid over the shipped rules "
                    + "(a file or rule with a shipped name replaces it).")
    Path rulesDir;

    @Option(names = "--disable-rule", paramLabel = "NAME", description = "Leave out the rule with this name (repeatable).")
    List<String> disabledRules = new ArrayList<>();

    RuleSetup setup() throws IOException, CatalogException {
        return RuleSetup.load(rulesDir, disabledRules);
    }
}
