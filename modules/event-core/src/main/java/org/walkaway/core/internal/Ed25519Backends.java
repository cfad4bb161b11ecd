package org.walkaway.core.internal;

import java.util.Comparator;
import java.util.ServiceLoader;
import org.walkaway.core.spi.Ed25519Backend;

/** Picks the Ed25519 backend once: the registered one with the highest priority, else Bouncy Castle. */
public final class Ed25519Backends {
  private Ed25519Backends() {}

  private static final Ed25519Backend SELECTED = select();

  public static Ed25519Backend selected() {
    return SELECTED;
  }

  private static Ed25519Backend select() {
    Ed25519Backend builtIn = new BouncyCastleEd25519();
    return ServiceLoader.load(Ed25519Backend.class).stream()
        .map(ServiceLoader.Provider::get)
        .max(Comparator.comparingInt(Ed25519Backend::priority))
        .filter(backend -> backend.priority() > builtIn.priority())
        .orElse(builtIn);
  }
}
