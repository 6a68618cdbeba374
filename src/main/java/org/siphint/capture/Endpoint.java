package org.siphint.capture;

/** An IP address and port as SIP writes them: {@code 192.0.2.1:5060}, {@code [2001:db8::1]:5060}. */
public record Endpoint(String address, int port) {

    @Override
    public String toString() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
