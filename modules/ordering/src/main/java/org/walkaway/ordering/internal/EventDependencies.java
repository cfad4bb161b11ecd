package org.walkaway.ordering.internal;

import java.util.ArrayList;
import java.util.List;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.Header;
import org.walkaway.ordering.DependencyView;

/** The dependencies of an {@link Event}: its backlink (unless it prunes) and its {@code previous}. */
public enum EventDependencies implements DependencyView<Event> {
  INSTANCE;

  @Override
  public Hash id(Event event) {
    return event.id();
  }

  @Override
  public List<Hash> dependencies(Event event) {
    Header header = event.header();
    List<Hash> previous = header.previous();
    if (header.backlink().isEmpty() || header.prune()) {
      return previous;
    }
    if (previous.isEmpty()) {
      return List.of(header.backlink().get());
    }
    List<Hash> all = new ArrayList<>(previous.size() + 1);
    all.add(header.backlink().get());
    all.addAll(previous);
    return all;
  }
}
