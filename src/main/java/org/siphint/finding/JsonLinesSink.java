package org.siphint.finding;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Writes each finding as one JSON object on one line: the contract scripts and log shippers read. */
public final class JsonLinesSink implements FindingSink {

    private static final ObjectMapper MAPPER = mapper();

    private final OutputStream out;

    public JsonLinesSink(OutputStream out) {
        this.out = out;
    }

    /** The mapper findings are written with (ISO-8601 times, non-ASCII escaped, one line). */
    public static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.registerModule(new JavaTimeModule());
        m.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        m.disable(SerializationFeature.INDENT_OUTPUT);
        // escaped non-ASCII keeps lines readable by any tool and makes bidi tricks visible
        m.getFactory().configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true);
        return m;
    }

    public static String toJson(Finding finding) {
        try {
            return MAPPER.writeValueAsString(finding);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void accept(Finding finding) {
        try {
            out.write((toJson(finding) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write findings: " + e.getMessage(), e);
        }
    }
}
