package org.siphint.event;

/** Whether the program that wrote the log sent or received a message. */
public enum Direction {
    SENT, RECEIVED
}
