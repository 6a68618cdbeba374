package org.siphint.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.kie.api.KieBase;
import org.siphint.engine.PrecompiledRules;
import org.siphint.engine.RuleCompileException;
import org.siphint.engine.RuleCompiler;
import org.siphint.engine.RuleLayers;
import org.siphint.engine.RuleLoader;
import org.siphint.engine.RuleSource;
import org.siphint.finding.Catalog;
import org.siphint.finding.CatalogException;

/**
 * What a run's rules are made of: the shipped rule files and catalog, with a user's folder laid over
 * them (its {@code .drl} files and its {@code catalog.yaml}), minus the rules the config disables.
 *
 * @param sources  the rule files to compile
 * @param catalog  the catalog to word findings with
 * @param userDir  the user's folder, or null
 */
public record RuleSetup(List<RuleSource> sources, Catalog catalog, Path userDir) {

    /** The shipped rules alone. */
    public static RuleSetup shipped() throws IOException, CatalogException {
        return load(null, Set.of());
    }

    /**
     * Loads the shipped rules and lays {@code userDir} (may be null) over them.
     *
     * @param disabledRules names of rules to leave out, shipped or the user's
     */
    public static RuleSetup load(Path userDir, Collection<String> disabledRules) throws IOException, CatalogException {
        List<RuleSource> user = userDir == null ? List.of() : RuleLoader.fromDirectory(userDir);
        List<RuleSource> sources = RuleLayers.layer(RuleLoader.shipped(), user, disabledRules);
        Catalog catalog = Catalog.shipped();
        if (userDir != null) {
            Path own = userDir.resolve("catalog.yaml");
            if (Files.exists(own)) {
                catalog = catalog.overlay(Catalog.parse(Files.readString(own), own.toString()));
            }
        }
        return new RuleSetup(sources, catalog, userDir);
    }

    /**
     * The rules as a knowledge base: the build's compilation of the shipped rules when these are
     * exactly the shipped texts (most starts: no folder of one's own), else compiled from DRL now.
     */
    public KieBase compile() throws RuleCompileException {
        Optional<KieBase> precompiled = PrecompiledRules.load(sources);
        return precompiled.isPresent() ? precompiled.get() : RuleCompiler.compile(sources);
    }
}
