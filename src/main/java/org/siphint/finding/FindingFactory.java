package org.siphint.finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.siphint.engine.Detection;
import org.siphint.event.LogEvent;
import org.siphint.event.SipMessage;
import org.siphint.sip.Redactor;

/** Turns what a rule detected into a finding worded by the catalog. */
public final class FindingFactory {

    /** Evidence beyond this many lines is left out: a finding is read by a person. */
    public static final int MAX_EVIDENCE = 12;

    private final Catalog catalog;

    public FindingFactory(Catalog catalog) {
        this.catalog = catalog;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The finding for a detection, or null when the catalog switched its situation off. */
    public Finding create(Detection d) {
        Map<String, String> facts = facts(d);
        List<Evidence> evidence = new ArrayList<>();
        for (LogEvent e : d.evidence()) {
            if (evidence.size() >= MAX_EVIDENCE) {
                break;
            }
            evidence.add(new Evidence(e.getOrigin().file(), e.getOrigin().line(),
                    Template.plain(Redactor.line(e.getEvidenceText()))));
        }
        // a Call-ID or an account is log text too: a hostile log can put anything there
        String callId = Redactor.line(d.callId());
        String account = Redactor.line(d.account());
        Catalog.Entry entry = catalog.get(d.situation());
        if (entry != null && entry.disabled()) {
            return null;
        }
        if (entry == null) {
            // a rule named a situation the catalog lacks: still report it, plainly ('rules check' flags this)
            return new Finding(d.situation(), d.cause(), Severity.WARNING.id(), d.situation(), d.time(), callId,
                    account, "Rule '" + d.rule() + "' reported " + d.situation() + ".", "", List.of(), List.of(),
                    evidence, d.rule());
        }
        Catalog.Cause cause = entry.cause(d.cause());
        List<String> fix = cause.fix().stream().map(s -> Template.fill(s, facts)).toList();
        List<String> adminFix = cause.adminFix().stream().map(s -> Template.fill(s, facts)).toList();
        return new Finding(entry.id(), cause.id(), cause.severity().id(), Template.fill(entry.title(), facts), d.time(),
                callId, account, Template.fill(cause.summary(), facts), Template.fill(entry.explanation(), facts),
                fix, adminFix, evidence, d.rule());
    }

    /** The facts templates may use: the rule's params over what the subject event says. */
    static Map<String, String> facts(Detection d) {
        Map<String, String> facts = new LinkedHashMap<>();
        SipMessage sip = d.subjectMessage();
        if (sip != null) {
            put(facts, "status", sip.getStatus() == 0 ? null : String.valueOf(sip.getStatus()));
            put(facts, "reason", sip.getReason());
            put(facts, "method", sip.getMethod());
            put(facts, "peer", sip.getPeer());
            put(facts, "agent", sip.getUserAgent());
            // who answered: the far end when the logging program received the response, itself otherwise
            if (sip.isResponse()) {
                put(facts, "server", sip.isReceived() ? sip.getPeer() : "this PBX");
                put(facts, "client", sip.isSent() ? sip.getPeer() : null);
            }
            put(facts, "target", sip.isRequest() ? sip.getRequestUri() : sip.getToUri());
            put(facts, "from", sip.getFromUri());
            put(facts, "to", sip.getToUri());
        }
        put(facts, "account", d.account());
        put(facts, "callId", d.callId());
        facts.putAll(d.params());
        // facts come from log text (a Request-URI with a password, a PBX's reason line): redact every one
        facts.replaceAll((k, v) -> Redactor.line(v));
        return facts;
    }

    private static void put(Map<String, String> facts, String key, String value) {
        if (value != null && !value.isBlank()) {
            facts.put(key, value);
        }
    }
}
