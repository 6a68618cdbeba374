package org.siphint.fleet;

import java.io.IOException;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record of the facts topic (schema version 1; the README's fleet section points here, and
 * {@link org.siphint.transaction.UnitJson} describes a unit's body):
 * <pre>
 * {"v":1, "host":"pbx1", "seq":42, "sent":1733390000123, "offset":-90012,
 *  "type":"unit", "op":"insert", "id":"pbx1/17", "body":{...}}
 * </pre>
 * {@code type} is {@code unit} (a transaction, call or registration: {@code op} insert, update or
 * retract, {@code id} naming the unit across its records), {@code media}, {@code notice},
 * {@code sighting} (a Call-ID first seen in a log) or {@code clock}. {@code sent} is the agent's
 * clock when it sent the record, {@code offset} how far that clock is ahead of the broker's
 * (measured, milliseconds): a worker subtracts it from every time in the body.
 */
public record FactRecord(int version, String host, long seq, long sent, long offset, String type, String op,
                         String id, JsonNode body) {

    public static final int VERSION = 1;
    /** A record is a few KB; anything much larger was not written by an agent. */
    static final int MAX_BYTES = 1 << 20;

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(MAX_BYTES).build());
    }

    public byte[] toBytes() {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", version);
        n.put("host", host);
        n.put("seq", seq);
        n.put("sent", sent);
        n.put("offset", offset);
        n.put("type", type);
        if (op != null) {
            n.put("op", op);
        }
        if (id != null) {
            n.put("id", id);
        }
        if (body != null) {
            n.set("body", body);
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * Reads a record; a clear exception for anything that is not a version-1 record (too large, not
     * JSON, a newer schema, a field missing).
     */
    public static FactRecord parse(byte[] bytes) throws MalformedRecordException {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedRecordException("empty record");
        }
        if (bytes.length > MAX_BYTES) {
            throw new MalformedRecordException("record of " + bytes.length + " bytes (more than " + MAX_BYTES + ")");
        }
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new MalformedRecordException("not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new MalformedRecordException("not a JSON object");
        }
        int version = n.path("v").asInt(-1);
        if (version != VERSION) {
            throw new MalformedRecordException("schema version " + n.path("v") + " (this worker reads " + VERSION + ")");
        }
        String host = text(n, "host");
        String type = text(n, "type");
        if (host == null || type == null || !n.path("seq").isIntegralNumber()) {
            throw new MalformedRecordException("host, seq or type missing");
        }
        return new FactRecord(version, host, n.path("seq").asLong(), n.path("sent").asLong(0),
                n.path("offset").asLong(0), type, text(n, "op"), text(n, "id"), n.get("body"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && v.asText().length() <= 256 ? v.asText() : null;
    }

    /** A record this version cannot read; the message says why. */
    public static final class MalformedRecordException extends Exception {
        public MalformedRecordException(String message) {
            super(message);
        }
    }
}
