package org.siphint.fleet;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.siphint.finding.Finding;
import org.siphint.finding.JsonLinesSink;
import org.siphint.finding.ShownFindings;

/**
 * One record of the findings topic, keyed by the finding's account ({@link PartitionKeys#ofAccount}):
 * <pre>{"v":1, "id":"3f1a…", "finding":{"situation":"no-incoming-calls", …}}</pre>
 * The id is the same for every copy of one finding, whichever worker made it: desktops show an id once.
 */
public final class FindingRecord {

    private static final ObjectMapper JSON = JsonLinesSink.mapper();

    private FindingRecord() {
    }

    public static byte[] toBytes(Finding finding) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", FactRecord.VERSION);
        n.put("id", ShownFindings.idOf(finding));
        n.set("finding", JSON.valueToTree(finding));
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("a finding always serialises", e);
        }
    }

    /** Reads a finding; throws with the reason when the record is not a version-1 finding. */
    public static Finding parse(byte[] bytes) throws FactRecord.MalformedRecordException {
        if (bytes == null || bytes.length == 0 || bytes.length > FactRecord.MAX_BYTES) {
            throw new FactRecord.MalformedRecordException("empty or oversized finding record");
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || n.path("v").asInt(-1) != FactRecord.VERSION || !n.path("finding").isObject()) {
                throw new FactRecord.MalformedRecordException("not a version-" + FactRecord.VERSION + " finding");
            }
            Finding f = JSON.treeToValue(n.get("finding"), Finding.class);
            if (f.situation() == null || f.severity() == null) {
                throw new FactRecord.MalformedRecordException("a finding without situation or severity");
            }
            return f;
        } catch (IOException e) {
            throw new FactRecord.MalformedRecordException("not a finding: " + e.getMessage());
        }
    }
}
