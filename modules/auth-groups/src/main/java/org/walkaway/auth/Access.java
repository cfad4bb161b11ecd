package org.walkaway.auth;

/**
 * What a member may do in a group, from least to most: {@code PULL < READ < WRITE < MANAGE}.
 *
 * <ul>
 *   <li>{@link #PULL}: may fetch and relay the group's events (a sync peer) but not read them;</li>
 *   <li>{@link #READ}: may read (receives keys);</li>
 *   <li>{@link #WRITE}: may publish data events to the topics the group governs;</li>
 *   <li>{@link #MANAGE}: may also add, remove, promote and demote members.</li>
 * </ul>
 */
public enum Access {
  PULL, READ, WRITE, MANAGE;

  public boolean atLeast(Access other) {
    return compareTo(other) >= 0;
  }

  static Access min(Access a, Access b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static Access max(Access a, Access b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
