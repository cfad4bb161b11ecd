package org.walkaway.ordering;

import java.util.List;
import java.util.Objects;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;

/** A synthetic item for tests: an id, the ids it depends on, and a topic. */
record Item(Hash id, List<Hash> dependencies, LogId topic) {
  static final DependencyView<Item> VIEW =
      new DependencyView<>() {
        @Override
        public Hash id(Item item) {
          return item.id();
        }

        @Override
        public List<Hash> dependencies(Item item) {
          return item.dependencies();
        }
      };

  Item {
    Objects.requireNonNull(id, "id");
    dependencies = List.copyOf(dependencies);
    Objects.requireNonNull(topic, "topic");
  }

  static Item of(Hash id, List<Hash> dependencies) {
    return new Item(id, dependencies, LogId.DEFAULT);
  }

  @Override
  public String toString() {
    return "Item[" + id.toHex().substring(0, 8) + "]";
  }
}
