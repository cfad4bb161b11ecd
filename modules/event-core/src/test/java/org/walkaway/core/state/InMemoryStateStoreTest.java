package org.walkaway.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.testkit.StateStoreContract;

/** The state-store contract, run against {@link InMemoryStateStore}, and what only it offers. */
class InMemoryStateStoreTest extends StateStoreContract {
  @Override
  protected StateStore newStore() {
    return new InMemoryStateStore();
  }

  @Test
  void aCopyIsIndependent() {
    Namespace ns = Namespace.of("n");
    store.put(ns, bytes(1), bytes(1));
    InMemoryStateStore copy = ((InMemoryStateStore) store).copy();
    store.put(ns, bytes(1), bytes(2));
    copy.put(ns, bytes(2), bytes(2));
    assertEquals(Optional.of(bytes(1)), copy.get(ns, bytes(1)));
    assertEquals(Optional.empty(), store.get(ns, bytes(2)));
  }

  @Test
  void keyRangesAndNamespacesCheckTheirArguments() {
    assertThrows(IllegalArgumentException.class, () -> KeyRange.between(bytes(2), bytes(1)));
    assertThrows(IllegalArgumentException.class, () -> Namespace.of(""));
    assertThrows(IllegalArgumentException.class, () -> Namespace.of("Upper"));
    assertThrows(IllegalArgumentException.class, () -> Namespace.of("a".repeat(65)));
    assertEquals(Optional.of(bytes(2)), KeyRange.successorOfPrefix(bytes(1, 0xff)));
    assertEquals(Optional.empty(), KeyRange.successorOfPrefix(bytes(0xff, 0xff)));
    assertEquals(Optional.empty(), KeyRange.successorOfPrefix(Bytes.EMPTY));
    assertEquals(KeyRange.between(bytes(1, 0), bytes(3)), KeyRange.between(bytes(0), bytes(3)).after(bytes(1)));
    assertEquals(KeyRange.between(bytes(3), bytes(3)), KeyRange.between(bytes(0), bytes(3)).after(bytes(4)));
  }
}
