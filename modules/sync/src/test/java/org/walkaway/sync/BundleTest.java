package org.walkaway.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.store.InMemoryEventStore;

class BundleTest {
  private final SplittableRandom random = new SplittableRandom(31);
  private final List<Event> first = Fixtures.log(random, 15, 50, -1);
  private final List<Event> second = Fixtures.log(random, 8, 0, -1);
  private final InMemoryEventStore source = new InMemoryEventStore();

  BundleTest() {
    Fixtures.appendAll(source, first);
    Fixtures.appendAll(source, second);
  }

  private byte[] export(Map<org.walkaway.core.PublicKey, Long> peerHeights) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Bundle.Written written = Bundle.write(source, Fixtures.TOPIC, peerHeights, out);
    assertEquals(out.size(), written.bytes());
    return out.toByteArray();
  }

  @Test
  void aWholeTopicRoundTrips() {
    InMemoryEventStore target = new InMemoryEventStore();
    BundleImport result = Bundle.read(new ByteArrayInputStream(export(Map.of())), target);
    BundleImport.Imported imported = assertInstanceOf(BundleImport.Imported.class, result);
    assertEquals(23, imported.appended());
    assertEquals(Fixtures.ids(source), Fixtures.ids(target));
    BundleImport.Imported again = (BundleImport.Imported) Bundle.read(new ByteArrayInputStream(export(Map.of())), target);
    assertEquals(23, again.duplicates());
  }

  @Test
  void whatOnePeerIsMissing() {
    InMemoryEventStore peer = new InMemoryEventStore();
    Fixtures.appendAll(peer, first.subList(0, 10));
    byte[] bundle = export(Map.of(first.getFirst().author(), 9L));
    BundleImport.Imported imported = (BundleImport.Imported) Bundle.read(bundle, peer, DecodeLimits.DEFAULT);
    assertEquals(13, imported.results().size(), "5 of the first log, all 8 of the second");
    assertEquals(13, imported.appended());
    assertEquals(Fixtures.ids(source), Fixtures.ids(peer));
  }

  @Test
  void aTamperedOrTruncatedBundleImportsNothing() {
    byte[] bundle = export(Map.of());
    for (int position : new int[] {3, 20, 100, bundle.length / 2, bundle.length - 40, bundle.length - 1}) {
      byte[] tampered = bundle.clone();
      tampered[position] ^= 0x10;
      InMemoryEventStore target = new InMemoryEventStore();
      assertInstanceOf(BundleImport.Refused.class, Bundle.read(tampered, target, DecodeLimits.DEFAULT),
          "flip at " + position);
      assertTrue(Fixtures.ids(target).isEmpty());
    }
    for (int length : new int[] {0, 10, 60, bundle.length / 2, bundle.length - 1}) {
      InMemoryEventStore target = new InMemoryEventStore();
      assertInstanceOf(BundleImport.Refused.class,
          Bundle.read(Arrays.copyOf(bundle, length), target, DecodeLimits.DEFAULT), "truncated to " + length);
      assertTrue(Fixtures.ids(target).isEmpty());
    }
  }

  @Test
  void aBundleWithAValidTrailerButAForgedEventImportsNothing() {
    // An attacker can recompute the BLAKE3 trailer; the events' own signatures still protect them.
    byte[] bundle = export(Map.of());
    byte[] content = Arrays.copyOf(bundle, bundle.length - 32);
    content[content.length / 2] ^= 0x01;
    byte[] resealed = Arrays.copyOf(content, bundle.length);
    System.arraycopy(org.walkaway.core.Blake3.hash(content, 32), 0, resealed, content.length, 32);
    InMemoryEventStore target = new InMemoryEventStore();
    assertInstanceOf(BundleImport.Refused.class, Bundle.read(resealed, target, DecodeLimits.DEFAULT));
    assertTrue(Fixtures.ids(target).isEmpty());
  }
}
