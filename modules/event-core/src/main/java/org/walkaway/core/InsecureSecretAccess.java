package org.walkaway.core;

/**
 * A token that must be passed to read secret key material out of a key. Its only purpose is to
 * make every such place easy to find: search for {@code InsecureSecretAccess.get()}.
 */
public final class InsecureSecretAccess {
  private static final InsecureSecretAccess INSTANCE = new InsecureSecretAccess();

  private InsecureSecretAccess() {}

  public static InsecureSecretAccess get() {
    return INSTANCE;
  }
}
