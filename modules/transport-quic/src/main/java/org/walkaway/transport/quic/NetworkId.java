package org.walkaway.transport.quic;

import java.util.regex.Pattern;

/**
 * The name of one Walkaway network. It is part of the TLS application protocol (ALPN) as
 * {@code walkaway/1/<name>}, so two endpoints of different networks fail the handshake and never
 * exchange a byte of application data.
 *
 * @param name 1 to 40 characters of {@code [a-z0-9-]}
 */
public record NetworkId(String name) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,40}");

  public NetworkId {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a network id is 1 to 40 characters of [a-z0-9-], got \"" + name + "\"");
    }
  }

  public static NetworkId of(String name) {
    return new NetworkId(name);
  }

  /** The ALPN token that carries this network: {@code walkaway/1/<name>}. */
  public String alpn() {
    return "walkaway/1/" + name;
  }
}
