package org.siphint.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieBaseModel;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.builder.model.KieSessionModel;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.conf.ClockTypeOption;

/**
 * Compiles DRL text into a knowledge base in stream mode, at run time, so rule authors edit
 * {@code .drl} files without rebuilding siphint.
 */
public final class RuleCompiler {

    private static final AtomicLong BUILDS = new AtomicLong();
    private static final String RULE_FOLDER = "src/main/resources/siphint/rules/";

    private RuleCompiler() {
    }

    /** Compiles the sources; every error names its file, line and column. */
    public static KieBase compile(List<RuleSource> sources) throws RuleCompileException {
        if (sources.isEmpty()) {
            throw new RuleCompileException(List.of(new RuleProblem("rules", 0, 0, "no rule files (.drl) to compile")));
        }
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        // each build gets its own release id: the container cache must never hand back old rules
        ReleaseId releaseId = ks.newReleaseId("org.siphint", "rules-" + BUILDS.incrementAndGet(), "1.0.0");
        kfs.generateAndWritePomXML(releaseId);

        KieModuleModel module = ks.newKieModuleModel();
        KieBaseModel base = module.newKieBaseModel("siphint").setDefault(true)
                .setEventProcessingMode(EventProcessingOption.STREAM);
        base.newKieSessionModel("siphint-session").setDefault(true)
                .setType(KieSessionModel.KieSessionType.STATEFUL)
                .setClockType(ClockTypeOption.PSEUDO);
        kfs.writeKModuleXML(module.toXML());

        for (RuleSource source : sources) {
            kfs.write(RULE_FOLDER + source.name(), ks.getResources()
                    .newByteArrayResource(source.text().getBytes(StandardCharsets.UTF_8))
                    .setResourceType(ResourceType.DRL).setSourcePath(RULE_FOLDER + source.name()));
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<RuleProblem> problems = new ArrayList<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            problems.add(describe(m, sources));
        }
        if (problems.size() > 1) {
            // Drools adds this after any syntax error; it only repeats that the file did not parse
            problems.removeIf(p -> p.message().startsWith("Parser returned a null Package"));
        }
        if (!problems.isEmpty()) {
            throw new RuleCompileException(problems);
        }
        KieContainer container = ks.newKieContainer(releaseId);
        return container.getKieBase("siphint");
    }

    private static RuleProblem describe(Message m, List<RuleSource> sources) {
        String path = m.getPath() == null ? "" : m.getPath();
        String shown = path;
        for (RuleSource s : sources) {
            if (path.endsWith("/" + s.name()) || path.equals(s.name())) {
                shown = s.path();
            }
        }
        if (shown.isEmpty()) {
            shown = "rules";
        }
        String text = m.getText() == null ? "" : m.getText().replace('\n', ' ').trim();
        return new RuleProblem(shown, Math.max(m.getLine(), 0), Math.max(m.getColumn(), 0), text);
    }
}
