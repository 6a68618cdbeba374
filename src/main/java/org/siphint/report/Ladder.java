package org.siphint.report;

import java.util.List;

import org.siphint.event.Direction;

/**
 * A call drawn as a ladder diagram: the parties are the columns (the programs whose logs were read,
 * and the peers they talked to), and the steps run down the page in time order: one arrow per SIP
 * message, however many logs show it, and notes for evidence lines that are not SIP messages.
 *
 * @param callId          the call
 * @param parties         the columns, left to right
 * @param steps           arrows and notes, top to bottom
 * @param droppedMessages earlier messages of the call that were not kept (bounded memory)
 */
public record Ladder(String callId, List<Party> parties, List<Step> steps, int droppedMessages) {

    public Ladder {
        parties = List.copyOf(parties);
        steps = List.copyOf(steps);
    }

    /**
     * A column.
     *
     * @param name   what it is: "Softphone" or "PBX" for a program whose log was read, or its address
     * @param detail the log file's name, or what the peer calls itself (User-Agent or Server)
     * @param file   the log file of a logged program, null for a peer known only by address
     */
    public record Party(String name, String detail, String file) {

        public boolean logged() {
            return file != null;
        }
    }

    /** One row of the diagram. */
    public sealed interface Step permits Arrow, Note {

        /** Milliseconds after the call's first message (clocks of several logs aligned); -1 for a note, whose time the evidence does not carry. */
        long offsetMillis();

        /** Whether the finding's evidence points here. */
        boolean fault();

        /** Each log's record of this step. */
        List<View> views();
    }

    /**
     * One log's record of a step: where it is and what it says (credentials already redacted).
     *
     * @param file      the log file
     * @param line      the 1-based line where it starts
     * @param direction sent or received, as that log says; null for a note
     * @param text      the message or line as logged
     */
    public record View(String file, long line, Direction direction, String text) {
    }

    /**
     * A SIP message from one party to another.
     *
     * @param from          the sender's column
     * @param to            the receiver's column (the same as {@code from} when the peer is unknown)
     * @param label         the method, or the status and reason
     * @param detail        what matters in it: the offered codecs, credentials; may be empty
     * @param neverReceived sent towards a program whose log was read, and that log never shows it
     */
    public record Arrow(int from, int to, long offsetMillis, String label, String detail, List<View> views,
                        boolean fault, boolean neverReceived) implements Step {

        public Arrow {
            views = List.copyOf(views);
        }

        /** Whether both logs show this message (the sender's and the receiver's). */
        public boolean paired() {
            return views.size() > 1;
        }
    }

    /**
     * A line of evidence that is not a SIP message (an Asterisk NOTICE), on the lifeline of the
     * program that logged it, after the messages it logged before that line.
     */
    public record Note(int party, long offsetMillis, String text, List<View> views, boolean fault) implements Step {

        public Note {
            views = List.copyOf(views);
        }
    }

    /** The arrows alone, top to bottom. */
    public List<Arrow> arrows() {
        return steps.stream().filter(Arrow.class::isInstance).map(Arrow.class::cast).toList();
    }

    /** The index of the column that is the program of this log file, or -1. */
    public int partyOfFile(String file) {
        for (int i = 0; i < parties.size(); i++) {
            if (file.equals(parties.get(i).file())) {
                return i;
            }
        }
        return -1;
    }
}
