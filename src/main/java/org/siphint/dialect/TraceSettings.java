package org.siphint.dialect;

/**
 * The setting that makes a PBX write its SIP messages to the log it already writes. Without it a
 * PBX at its default log level writes only notices and security events, and siphint diagnoses from
 * those with less detail. Dialects put the setting for their program into each notice's
 * {@code trace} detail; {@code doctor} and the one-time note of {@code watch} and {@code replay}
 * quote it.
 */
public final class TraceSettings {

    /** The detail of a {@code LogNotice} that names the setting. */
    public static final String DETAIL = "trace";

    // each at most 160 characters: the catalog quotes a fact up to that length
    public static final String ASTERISK_PJSIP = "pjsip set logger on (Asterisk CLI; debug=yes in pjsip.conf [global]"
            + " keeps it on), with verbose among the log file's levels in logger.conf";
    public static final String ASTERISK_CHAN_SIP = "sip set debug on (Asterisk CLI; sipdebug=yes in sip.conf [general]"
            + " keeps it on), with verbose among the log file's levels in logger.conf";
    public static final String FREESWITCH = "sofia global siptrace on in fs_cli (or sofia profile internal siptrace on),"
            + " and log-auth-failures set to true on each sofia profile";

    private TraceSettings() {
    }
}
