package org.siphint.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One SIP request or response as text parsed into its start line, headers and body.
 *
 * <p>Header names are stored in their canonical long form (compact forms such as {@code i} or
 * {@code v} are expanded), so lookups never have to know which form the sender used.
 */
public final class ParsedMessage {

    /** One header field; the name is canonical, the value is unfolded and trimmed. */
    public record Header(String name, String value) {
    }

    private final boolean request;
    private final String method;
    private final String requestUri;
    private final int status;
    private final String reason;
    private final List<Header> headers;
    private final String body;
    /**
     * For each usually written header name ({@link HeaderNames#id}), one more than the index of
     * its first occurrence, 0 when absent: the dozen or more lookups every message gets (Call-ID,
     * CSeq, Via, tags, credentials) are an array read, and asking for an absent header costs nothing.
     */
    private final char[] firstOf = new char[HeaderNames.KNOWN_COUNT];

    ParsedMessage(boolean request, String method, String requestUri, int status, String reason,
                  List<Header> headers, String body) {
        this.request = request;
        this.method = method;
        this.requestUri = requestUri;
        this.status = status;
        this.reason = reason;
        this.headers = Collections.unmodifiableList(headers); // the parser's own list, handed over
        this.body = body;
        for (int i = headers.size() - 1; i >= 0; i--) {
            int id = HeaderNames.id(headers.get(i).name());
            if (id >= 0) {
                firstOf[id] = (char) (i + 1); // the parser keeps at most 256 headers
            }
        }
    }

    /** Where to start looking for a header: its first index, -1 when a known name is absent, 0 for any other name. */
    private int startOf(String canonical) {
        int id = HeaderNames.id(canonical);
        return id < 0 ? 0 : firstOf[id] - 1;
    }

    public boolean isRequest() {
        return request;
    }

    /** The request method, or null for a response. */
    public String method() {
        return method;
    }

    /** The Request-URI, or null for a response. */
    public String requestUri() {
        return requestUri;
    }

    /** The status code, or 0 for a request. */
    public int status() {
        return status;
    }

    /** The reason phrase of a response, or null for a request. */
    public String reason() {
        return reason;
    }

    public List<Header> headers() {
        return headers;
    }

    /** The body after the blank line, cut to Content-Length when that is shorter; empty when there is none. */
    public String body() {
        return body;
    }

    /** The first value of a header (case-insensitive, compact forms accepted), or null. */
    public String header(String name) {
        // a usually written name starts at its first occurrence, found once when the message was
        // parsed; any other name is a scan (a map keyed by lower-cased names cost an allocation per
        // header and per lookup)
        String canonical = HeaderNames.canonical(name);
        int length = canonical.length();
        int start = startOf(canonical);
        if (length == 0 || start < 0) {
            return null;
        }
        char first = canonical.charAt(0);
        for (int i = start, n = headers.size(); i < n; i++) {
            String written = headers.get(i).name();
            if (written == canonical || written.length() == length && ((written.charAt(0) ^ first) & ~0x20) == 0
                    && sameName(written, canonical)) {
                return headers.get(i).value();
            }
        }
        return null;
    }

    /**
     * {@code a.equalsIgnoreCase(b)} for two names of one length, ASCII compared in place: header
     * names of one length and first letter (Contact, Call-ID) are common, and the JDK's
     * case-insensitive compare folds every character through Character.
     */
    private static boolean sameName(String a, String b) {
        for (int i = 0, n = a.length(); i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x == y) {
                continue;
            }
            if (x >= 128 || y >= 128) {
                return a.equalsIgnoreCase(b);
            }
            int lx = x | 0x20;
            if (lx != (y | 0x20) || lx < 'a' || lx > 'z') {
                return false;
            }
        }
        return true;
    }

    /** Every value of a header in order, comma-separated values split apart. */
    public List<String> headerValues(String name) {
        String canonical = HeaderNames.canonical(name);
        List<String> values = new ArrayList<>();
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(canonical)) {
                if (HeaderNames.isCommaSeparated(canonical)) {
                    values.addAll(HeaderValues.splitList(h.value()));
                } else {
                    values.add(h.value());
                }
            }
        }
        return values;
    }

    public boolean hasHeader(String name) {
        return header(name) != null;
    }

    /** Every value of a header in order, as written: comma-separated values are not split. */
    public List<String> headerValuesAsWritten(String name) {
        String canonical = HeaderNames.canonical(name);
        int start = startOf(canonical);
        if (start < 0) {
            return List.of();
        }
        String first = null;
        List<String> values = null;
        for (int i = start, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            String written = h.name();
            if (written == canonical || written.length() == canonical.length() && sameName(written, canonical)) {
                if (first == null) {
                    first = h.value();
                } else {
                    if (values == null) {
                        values = new ArrayList<>(4);
                        values.add(first);
                    }
                    values.add(h.value());
                }
            }
        }
        return values != null ? List.copyOf(values) : first != null ? List.of(first) : List.of();
    }

    /** The CSeq method, upper case, or null when the CSeq header is missing or malformed. */
    public String cseqMethod() {
        return cseqMethod(header("CSeq"));
    }

    /** The method of a CSeq value, upper case, or null when it is missing or malformed. */
    public static String cseqMethod(String cseq) {
        if (cseq == null) {
            return null;
        }
        int space = cseq.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String method = cseq.substring(space + 1).trim();
        return isUpperAscii(method) ? method : method.toUpperCase(Locale.ROOT);
    }

    private static boolean isUpperAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 128) {
                return false;
            }
        }
        return true;
    }

    /** The CSeq number, or -1 when the CSeq header is missing or malformed. */
    public long cseqNumber() {
        return cseqNumber(header("CSeq"));
    }

    /** The number of a CSeq value, or -1 when it is missing or malformed. */
    public static long cseqNumber(String cseq) {
        if (cseq == null) {
            return -1;
        }
        int space = cseq.indexOf(' ');
        String number = (space < 0 ? cseq : cseq.substring(0, space)).trim();
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
