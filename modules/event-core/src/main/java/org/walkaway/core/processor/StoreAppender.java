package org.walkaway.core.processor;

import java.util.Objects;
import org.walkaway.core.Event;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.EventStore;

/**
 * Appends each event to a store and emits the ones that were new. Duplicates are dropped quietly
 * (seeing an event twice is normal in gossip); log violations and forks are rejected.
 */
public final class StoreAppender implements Processor<Event, Event> {
  private final EventStore store;

  public StoreAppender(EventStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void process(Event input, Downstream<Event> out) throws InterruptedException {
    switch (store.append(input)) {
      case AppendResult.Appended(Event event) -> out.emit(event);
      case AppendResult.Duplicate duplicate -> {}
      case AppendResult.Rejected(Event event, var rejection) -> out.reject(event, rejection);
    }
  }
}
