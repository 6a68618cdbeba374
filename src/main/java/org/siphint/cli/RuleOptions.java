package org.siphint.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.kie.api.KieBase;
import org.siphint.engine.RuleCompileException;
import org.siphint.engine.RuleCompiler;
import org.siphint.engine.RuleLoader;
import org.siphint.engine.RuleSource;
import org.siphint.finding.Catalog;
import org.siphint.finding.CatalogException;

import picocli.CommandLine.Option;

/** {@code --rules DIR}: which rules and catalog to run, shared by the commands that run rules. */
final class RuleOptions {

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Folder of .drl rule files and catalog.yaml to use instead of the shipped rules.")
    Path rulesDir;

    List<RuleSource> sources() throws IOException {
        return rulesDir == null ? RuleLoader.shipped() : RuleLoader.fromDirectory(rulesDir);
    }

    KieBase compile() throws IOException, RuleCompileException {
        return RuleCompiler.compile(sources());
    }

    /** The shipped catalog, with the folder's {@code catalog.yaml} over it when there is one. */
    Catalog catalog() throws IOException, CatalogException {
        Catalog catalog = Catalog.shipped();
        if (rulesDir != null) {
            Path own = rulesDir.resolve("catalog.yaml");
            if (Files.exists(own)) {
                catalog = catalog.overlay(Catalog.parse(Files.readString(own), own.toString()));
            }
        }
        return catalog;
    }
}
