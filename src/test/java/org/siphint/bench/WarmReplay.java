package org.siphint.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Runs the same {@code siphint} command several times in one JVM and prints, for each pass, its
 * wall time and the time HotSpot's compilers spent during it. The first pass is the cold replay
 * the benchmark measures anyway; a later pass shows what the code does once it is compiled, so
 * the benchmark can tell the program's own cost from the JVM's warm-up. Not a test.
 * <pre>
 * java [JVM options] -cp target/siphint.jar:target/test-classes org.siphint.bench.WarmReplay PASSES command...
 * </pre>
 * Each pass writes one line {@code pass N: S s, JIT C s} to standard error.
 */
public final class WarmReplay {

    private WarmReplay() {
    }

    public static void main(String[] args) {
        int passes = Integer.parseInt(args[0]);
        String[] command = Arrays.copyOfRange(args, 1, args.length);
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int pass = 1; pass <= passes; pass++) {
            long compiledBefore = jit.getTotalCompilationTime();
            long t0 = System.nanoTime();
            int exit = org.siphint.cli.Main.run(command);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (exit != 0) {
                System.err.printf("pass %d: exit %d%n", pass, exit);
                System.exit(exit);
            }
            System.err.printf("pass %d: %.2f s, JIT %.2f s%n", pass, seconds,
                    (jit.getTotalCompilationTime() - compiledBefore) / 1000.0);
        }
    }
}
