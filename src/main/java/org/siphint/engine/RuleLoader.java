package org.siphint.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Finds rule files: the shipped ones inside siphint's jar, or a folder on disk.
 */
public final class RuleLoader {

    /** Where the shipped rules and catalog live on the class path. */
    public static final String SHIPPED = "siphint/rules/";

    private RuleLoader() {
    }

    /** Every {@code .drl} file of a folder, in name order. */
    public static List<RuleSource> fromDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("rules folder not found: " + dir);
        }
        List<RuleSource> sources = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.drl")) {
            for (Path f : files) {
                sources.add(new RuleSource(f.getFileName().toString(), f.toString(), Files.readString(f)));
            }
        }
        sources.sort(Comparator.comparing(RuleSource::name));
        return sources;
    }

    /** The rule files shipped with siphint. */
    public static List<RuleSource> shipped() throws IOException {
        List<String> names = shippedNames(".drl");
        List<RuleSource> sources = new ArrayList<>();
        for (String name : names) {
            sources.add(new RuleSource(name, "rules/" + name, readShipped(name)));
        }
        return sources;
    }

    /** The text of a shipped file such as {@code catalog.yaml}. */
    public static String readShipped(String name) throws IOException {
        try (InputStream in = RuleLoader.class.getClassLoader().getResourceAsStream(SHIPPED + name)) {
            if (in == null) {
                throw new IOException("shipped rules file missing from the class path: " + SHIPPED + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Names of the shipped files with this ending, whether siphint runs from a jar or from classes. */
    static List<String> shippedNames(String suffix) throws IOException {
        Enumeration<URL> roots = RuleLoader.class.getClassLoader().getResources(SHIPPED);
        List<String> names = new ArrayList<>();
        while (roots.hasMoreElements()) {
            URL url = roots.nextElement();
            if (url.getProtocol().equals("file")) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(url.toURI()), "*" + suffix)) {
                    files.forEach(f -> names.add(f.getFileName().toString()));
                } catch (URISyntaxException e) {
                    throw new IOException("bad rules location " + url, e);
                }
            } else if (url.getProtocol().equals("jar")) {
                String path = url.getPath();
                String jar = path.substring("file:".length(), path.indexOf("!/"));
                try (JarFile file = new JarFile(java.net.URLDecoder.decode(jar, StandardCharsets.UTF_8))) {
                    Enumeration<JarEntry> entries = file.entries();
                    while (entries.hasMoreElements()) {
                        String name = entries.nextElement().getName();
                        if (name.startsWith(SHIPPED) && name.endsWith(suffix) && name.indexOf('/', SHIPPED.length()) < 0) {
                            names.add(name.substring(SHIPPED.length()));
                        }
                    }
                }
            }
        }
        names.sort(null);
        return names.stream().distinct().toList();
    }
}
