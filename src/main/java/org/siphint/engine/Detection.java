package org.siphint.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.SipMessage;
import org.siphint.transaction.Call;
import org.siphint.transaction.Registration;
import org.siphint.transaction.SipTransaction;

/**
 * What a rule concluded: a situation, on which call and account, with the events that prove it and
 * the facts that pick the wording. Rules build one in their consequence and hand it to the
 * {@code detections} global:
 * <pre>
 * detections.report(Detection.of("sip-488", $resp).cause("codecs").evidence($invite, $resp)
 *         .param("offered", $invite.getAudioCodecs()));
 * </pre>
 * Time, Call-ID and account come from the subject event unless set otherwise.
 */
public final class Detection {

    private final String situation;
    private final LogEvent subject;
    private String cause;
    private String callId;
    private String account;
    private Instant time;
    private final List<LogEvent> evidence = new ArrayList<>(4);
    private final Map<String, String> params = new LinkedHashMap<>();
    private String rule;

    private Detection(String situation, LogEvent subject) {
        this.situation = situation;
        this.subject = subject;
        this.time = subject.getTime();
        this.callId = callOf(subject);
        if (subject instanceof SipMessage sip) {
            this.account = sip.getAccount();
        } else if (subject instanceof LogNotice notice) {
            this.account = notice.getAccount();
        } else if (subject instanceof SipTransaction tx) {
            this.account = tx.getAccount();
        } else if (subject instanceof Call call) {
            this.account = call.getAccount();
        } else if (subject instanceof Registration registration) {
            this.account = registration.getAccount();
        }
    }

    /**
     * The call a subject is about: its Call-ID, or for a B2BUA's leg its log linked to a phone's
     * call (the PBX's INVITE to a trunk), the phone's Call-ID. The user knows the call they placed;
     * the trunk leg's failure and the phone's own view of it are then one finding.
     */
    private static String callOf(LogEvent subject) {
        String legOf = subject.getLegOf();
        return legOf != null ? legOf : subject.getCallId();
    }

    /** A detection of {@code situation} whose main evidence is {@code subject}. */
    public static Detection of(String situation, LogEvent subject) {
        if (situation == null || subject == null) {
            throw new IllegalArgumentException("a detection needs a situation id and a subject event");
        }
        return new Detection(situation, subject);
    }

    /** Which of the catalog's causes for this situation the evidence points to. */
    public Detection cause(String cause) {
        this.cause = cause;
        return this;
    }

    public Detection callId(String callId) {
        this.callId = callId;
        return this;
    }

    public Detection account(String account) {
        if (account != null) {
            this.account = account;
        }
        return this;
    }

    public Detection time(Instant time) {
        this.time = time;
        return this;
    }

    /**
     * Events that prove the situation, in the order a person should read them; nulls are skipped.
     * A transaction stands for its request and final response, a call for its INVITE and answer,
     * a registration for its REGISTER and the registrar's answer.
     */
    public Detection evidence(LogEvent... events) {
        for (LogEvent e : events) {
            for (LogEvent m : messagesOf(e)) {
                if (m != null && !evidence.contains(m)) {
                    evidence.add(m);
                }
            }
        }
        return this;
    }

    private static List<LogEvent> messagesOf(LogEvent e) {
        if (e instanceof SipTransaction tx) {
            return tx.messages();
        }
        if (e instanceof Call call) {
            return java.util.Arrays.asList(call.getInvite().getRequest(), call.getAnswer());
        }
        if (e instanceof Registration registration) {
            return java.util.Arrays.asList(registration.getRequest(), registration.getAccepted());
        }
        return java.util.Collections.singletonList(e);
    }

    /**
     * The SIP message that stands for the subject in the wording (status, reason, peer...): the
     * subject itself, a transaction's final response (its request when none came), a call's answer,
     * a registration's accepting 2xx; null for other events.
     */
    public SipMessage subjectMessage() {
        if (subject instanceof SipMessage sip) {
            return sip;
        }
        if (subject instanceof SipTransaction tx) {
            return tx.getSubject();
        }
        if (subject instanceof Call call) {
            return call.getAnswer();
        }
        if (subject instanceof Registration registration) {
            return registration.getAccepted();
        }
        return null;
    }

    /** A fact that fills a {@code {name}} placeholder in the catalog's wording. Lists are joined with ", ". */
    public Detection param(String name, Object value) {
        if (value instanceof Iterable<?> items) {
            List<String> parts = new ArrayList<>();
            items.forEach(i -> parts.add(String.valueOf(i)));
            params.put(name, String.join(", ", parts));
        } else if (value != null) {
            params.put(name, String.valueOf(value));
        }
        return this;
    }

    /** Set by the engine: the name of the rule that fired. */
    void rule(String rule) {
        this.rule = rule;
    }

    public String situation() {
        return situation;
    }

    public LogEvent subject() {
        return subject;
    }

    public String cause() {
        return cause;
    }

    public String callId() {
        return callId;
    }

    public String account() {
        return account;
    }

    public Instant time() {
        return time;
    }

    /** The evidence events; the subject's messages are always among them, first when no order was given. */
    public List<LogEvent> evidence() {
        List<LogEvent> own = messagesOf(subject);
        if (!evidence.containsAll(own)) {
            List<LogEvent> all = new ArrayList<>(evidence.size() + own.size());
            for (LogEvent m : own) {
                if (m != null && !evidence.contains(m)) {
                    all.add(m);
                }
            }
            all.addAll(evidence);
            return Collections.unmodifiableList(all);
        }
        return Collections.unmodifiableList(evidence);
    }

    public Map<String, String> params() {
        return Collections.unmodifiableMap(params);
    }

    public String rule() {
        return rule;
    }

    @Override
    public String toString() {
        return situation + (cause == null ? "" : "/" + cause) + " on " + callId + " at " + time;
    }
}
