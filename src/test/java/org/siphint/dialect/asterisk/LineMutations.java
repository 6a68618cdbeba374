package org.siphint.dialect.asterisk;

import java.util.Random;

/** Random small edits of a sample line, to compare a hand-written reader with the regex it replaced. */
final class LineMutations {

    private LineMutations() {
    }

    /** Up to {@code maxEdits + 1} deletions, insertions or replacements at or after {@code from}. */
    static String mutate(Random random, String sample, String alphabet, int maxEdits, int from) {
        StringBuilder line = new StringBuilder(sample);
        for (int k = random.nextInt(maxEdits); k >= 0 && line.length() > from; k--) {
            int at = from + random.nextInt(line.length() - from);
            switch (random.nextInt(3)) {
                case 0 -> line.deleteCharAt(at);
                case 1 -> line.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> line.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return line.toString();
    }
}
