package org.siphint.dialect;

import java.util.Map;

import org.siphint.event.Direction;
import org.siphint.event.LogEvent;
import org.siphint.event.LogNotice;
import org.siphint.event.SipMessage;
import org.siphint.sip.HeaderValues;
import org.siphint.util.BoundedMap;

/**
 * The Call-IDs of the last requests a PBX received, by source address and by From tag, so that a
 * notice which names only the address or the From header (chan_sip's "Registration from ... failed
 * for '192.0.2.7:5060' - Wrong password", FreeSWITCH's "SIP auth failure ... from ip 192.0.2.7")
 * can be tied to the request it is about. Bounded: the oldest entries go first.
 */
public final class RecentRequests {

    private static final int LIMIT = 4_096;

    private final Map<String, String> byPeer = BoundedMap.droppingOldest(LIMIT);
    private final Map<String, String> byHost = BoundedMap.droppingOldest(LIMIT);
    private final Map<String, String> byFromTag = BoundedMap.droppingOldest(LIMIT);

    /** Notes a received request; other events are ignored. */
    public void remember(LogEvent event) {
        if (event instanceof SipMessage sip && sip.isRequest() && sip.getDirection() == Direction.RECEIVED
                && sip.getCallId() != null) {
            if (sip.getPeer() != null) {
                byPeer.put(sip.getPeer(), sip.getCallId());
                String host = HeaderValues.hostOf(sip.getPeer());
                if (host != null) {
                    byHost.put(host, sip.getCallId());
                }
            }
            if (sip.getFromTag() != null) {
                byFromTag.put(sip.getFromTag(), sip.getCallId());
            }
        }
    }

    /** The notice, with the Call-ID of the request from its peer (or with its From tag) when it had none. */
    public LogNotice withCallId(LogNotice notice) {
        if (notice.getCallId() != null) {
            return notice;
        }
        String callId = null;
        String peer = notice.getPeer();
        if (peer != null) {
            callId = byPeer.get(peer);
            if (callId == null) {
                callId = byHost.get(HeaderValues.hostOf(peer));
            }
        }
        if (callId == null) {
            String tag = HeaderValues.param(notice.getText(), "tag");
            callId = tag == null ? null : byFromTag.get(tag);
        }
        if (callId == null) {
            return notice;
        }
        return new LogNotice(notice.getTime(), notice.getOrigin(), notice.getKind(), callId, notice.getAccount(),
                peer, notice.getDetails(), notice.getText());
    }
}
