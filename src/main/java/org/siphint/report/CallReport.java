package org.siphint.report;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.siphint.finding.Finding;

/** Assembles the report page of one call from what the {@link CallRecorder} kept and the findings on it. */
public final class CallReport {

    private CallReport() {
    }

    /**
     * The page of call {@code callId}: a section per finding, each with the ladder and its evidence
     * highlighted, or one section with the bare ladder when {@code findings} is empty.
     */
    public static String page(CallRecorder recorder, String callId, List<Finding> findings, ZoneId zone) {
        CallRecord call = recorder.call(callId).orElse(null);
        return page(call, recorder.addresses(), callId, findings, zone);
    }

    static String page(CallRecord call, AddressBook addresses, String callId, List<Finding> findings, ZoneId zone) {
        List<HtmlReport.Section> sections = new ArrayList<>();
        if (findings.isEmpty()) {
            sections.add(new HtmlReport.Section(null, call == null ? null : LadderBuilder.build(call, addresses, null)));
        }
        for (Finding f : findings) {
            sections.add(new HtmlReport.Section(f, call == null ? null : LadderBuilder.build(call, addresses, f)));
        }
        return HtmlReport.render(callId, sections, zone);
    }
}
