package org.siphint.finding;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A situation siphint found, in the words of the catalog, filled from the evidence. This is what the
 * JSON lines of {@code replay} carry, what the pop-up shows and what the history keeps.
 *
 * @param situation   the situation id, e.g. {@code sip-488} or {@code one-way-audio}
 * @param cause       which of the catalog's causes the evidence picked, or null
 * @param severity    info, warning or error
 * @param title       a short title
 * @param time        when it happened (log time)
 * @param callId      the call it concerns, or null
 * @param account     the address of record it concerns, or null
 * @param summary     one sentence naming the evidence
 * @param explanation what the situation means, in plain language
 * @param fix         steps for the person at the softphone, most likely first
 * @param adminFix    steps for the PBX or network admin
 * @param evidence    the lines that prove it
 * @param rule        the rule that fired
 */
@JsonPropertyOrder({"situation", "cause", "severity", "title", "time", "callId", "account", "summary",
        "explanation", "fix", "adminFix", "evidence", "rule"})
public record Finding(String situation, String cause, String severity, String title,
                      Instant time, String callId, String account,
                      String summary, String explanation, List<String> fix, List<String> adminFix,
                      List<Evidence> evidence, String rule) {

    public Severity severityLevel() {
        return Severity.parse(severity);
    }
}
