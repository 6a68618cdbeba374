package org.siphint.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;

import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.drools.wiring.api.classloader.ProjectClassLoader;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.KiePackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped rules, compiled when siphint is built. Compiling DRL takes about two seconds of a
 * cold start (parsing, then ecj on the generated Java); reading the packages that the same
 * compiler produced takes a fraction of that. They are Drools' own compiled packages, not another
 * rule model, so the shipped rules behave exactly as when compiled at run time.
 *
 * <p>The file carries a fingerprint of the rule texts it was compiled from: it stands in for a
 * compilation only of exactly those texts. A user's folder, a disabled rule or an edited rule
 * changes the texts, and those are compiled from DRL as before.
 */
public final class PrecompiledRules {

    /** Where the build puts the compiled shipped rules on the class path. */
    public static final String RESOURCE = RuleLoader.SHIPPED + "shipped.kbase";

    private static final Logger LOG = LoggerFactory.getLogger(PrecompiledRules.class);
    private static final String MAGIC = "siphint-kbase-1";
    /** Drools' system property: how many rules a package needs before they are compiled in parallel. */
    static final String PARALLEL_BUILD_THRESHOLD = "drools.parallelRulesBuildThreshold";
    private static final AtomicReference<Preload> PRELOAD = new AtomicReference<>();

    private record Preload(String fingerprint, Future<Optional<KieBase>> base) {
    }

    private PrecompiledRules() {
    }

    /** Build step: compiles the shipped rules and writes them to the file named by the argument. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: PrecompiledRules OUTPUT-FILE");
        }
        // Drools compiles ten or more rules on several threads by default, and the compiled classes
        // then reach the packages in whichever order the threads finish: one at a time, the file
        // is the same at every build (the jar is reproducible, see installer/check-reproducible.sh).
        System.setProperty(PARALLEL_BUILD_THRESHOLD, "-1");
        List<RuleSource> sources = RuleLoader.shipped();
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(out)) {
            write(sources, file);
        }
    }

    /** Compiles the sources and writes the knowledge base with the fingerprint of their texts. */
    public static void write(List<RuleSource> sources, OutputStream out) throws RuleCompileException, IOException {
        InternalKnowledgeBase base = (InternalKnowledgeBase) RuleCompiler.compile(sources);
        // types declared in DRL (declare ...) are generated classes that live in the knowledge
        // base's class loader, not in the packages: the packages cannot be read back without them
        Map<String, byte[]> declaredTypes = base.getRootClassLoader() instanceof ProjectClassLoader project
                ? new HashMap<>(project.getStore()) : Map.of();
        BufferedOutputStream buffered = new BufferedOutputStream(out);
        DataOutputStream data = new DataOutputStream(buffered);
        data.writeUTF(MAGIC);
        data.writeUTF(fingerprint(sources));
        data.writeInt(declaredTypes.size());
        for (Map.Entry<String, byte[]> type : declaredTypes.entrySet()) {
            data.writeUTF(type.getKey());
            data.writeInt(type.getValue().length);
            data.write(type.getValue());
        }
        data.flush();
        DroolsObjectOutputStream objects = new DroolsObjectOutputStream(buffered);
        objects.writeObject(new ArrayList<>(base.getKiePackages()));
        objects.flush();
    }

    /**
     * The precompiled knowledge base when it was compiled from exactly these sources; empty when
     * there is none on the class path, it was compiled from other texts, or it cannot be read
     * (then the caller compiles the DRL, which is always correct, only slower).
     */
    public static Optional<KieBase> load(List<RuleSource> sources) {
        Preload early = PRELOAD.getAndSet(null);
        if (early != null && early.fingerprint().equals(fingerprint(sources))) {
            try {
                return early.base().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException e) {
                return Optional.empty();
            }
        }
        InputStream resource = PrecompiledRules.class.getClassLoader().getResourceAsStream(RESOURCE);
        return resource == null ? Optional.empty() : read(resource, sources);
    }

    /**
     * Starts reading the shipped rules on a thread of its own, for a command that is about to need
     * them: on two cores this overlaps the command line, the config and the catalog. The next
     * {@link #load} of exactly the shipped texts takes the result; any other load ignores it.
     */
    public static void preload() {
        try {
            List<RuleSource> shipped = RuleLoader.shipped();
            FutureTask<Optional<KieBase>> task = new FutureTask<>(() -> {
                InputStream resource = PrecompiledRules.class.getClassLoader().getResourceAsStream(RESOURCE);
                return resource == null ? Optional.empty() : read(resource, shipped);
            });
            PRELOAD.set(new Preload(fingerprint(shipped), task));
            Thread thread = new Thread(task, "siphint-rules-preload");
            thread.setDaemon(true);
            thread.start();
        } catch (IOException e) {
            // load() reads them when they are needed, and reports what is wrong then
        }
    }

    /** Reads what {@link #write} wrote, when it was compiled from exactly these sources. */
    static Optional<KieBase> read(InputStream stream, List<RuleSource> sources) {
        try (InputStream in = new BufferedInputStream(stream)) {
            DataInputStream data = new DataInputStream(in);
            if (!data.readUTF().equals(MAGIC) || !data.readUTF().equals(fingerprint(sources))) {
                return Optional.empty();
            }
            Map<String, byte[]> declaredTypes = new HashMap<>();
            int types = data.readInt();
            for (int i = 0; i < types; i++) {
                String name = data.readUTF();
                byte[] bytes = new byte[data.readInt()];
                data.readFully(bytes);
                declaredTypes.put(name, bytes);
            }
            ProjectClassLoader loader = ProjectClassLoader.createProjectClassLoader(
                    PrecompiledRules.class.getClassLoader(), declaredTypes);
            List<KiePackage> packages = new ArrayList<>();
            try (DroolsObjectInputStream objects = new DroolsObjectInputStream(in, loader)) {
                for (Object p : (List<?>) objects.readObject()) {
                    packages.add((KiePackage) p);
                }
            }
            // the same base options as the kmodule RuleCompiler writes: stream mode, defaults otherwise
            KieBaseConfiguration conf = KieServices.Factory.get().newKieBaseConfiguration(null, loader);
            conf.setOption(EventProcessingOption.STREAM);
            InternalKnowledgeBase base = KnowledgeBaseFactory.newKnowledgeBase("siphint", conf);
            base.addPackages(packages);
            return Optional.of(base);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            LOG.warn("the precompiled shipped rules cannot be read ({}); compiling them instead", e.toString());
            return Optional.empty();
        }
    }

    /** Names and texts of the rule files, in order. */
    static String fingerprint(List<RuleSource> sources) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (RuleSource s : sources) {
                byte[] name = s.name().getBytes(StandardCharsets.UTF_8);
                byte[] text = s.text().getBytes(StandardCharsets.UTF_8);
                sha.update(lengthOf(name));
                sha.update(name);
                sha.update(lengthOf(text));
                sha.update(text);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static byte[] lengthOf(byte[] bytes) {
        int n = bytes.length;
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }
}
