package org.walkaway.transport.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;

/** Signed address records and the address book, without any network. */
class AddressBookTest {
  static final NetworkId NET = NetworkId.of("test");
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A clock the test moves by hand. */
  static final class ManualClock implements InstantSource {
    Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }
  }

  static InetSocketAddress address(String ip, int port) throws UnknownHostException {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  static SigningKey key(long seed) {
    return SigningKey.generate(new SplittableRandom(seed));
  }

  @Test
  void aSignedRecordRoundTripsAndVerifies() throws Exception {
    SigningKey peer = key(1);
    SignedAddressRecord record =
        SignedAddressRecord.sign(
            peer, NET, List.of(address("192.0.2.7", 4433), address("2001:db8::1", 4434)), T0);

    SignedAddressRecord decoded = SignedAddressRecord.decode(record.encode()).orElseThrow();

    assertEquals(record, decoded);
    assertTrue(decoded.verify());
  }

  @RepeatedTest(20)
  void anyChangedByteInARecordIsDetected(RepetitionInfo repetition) throws Exception {
    long seed = 1000 + repetition.getCurrentRepetition();
    SplittableRandom random = new SplittableRandom(seed);
    SignedAddressRecord record =
        SignedAddressRecord.sign(key(2), NET, List.of(address("198.51.100.1", 9000)), T0);
    byte[] bytes = record.encode();
    int index = random.nextInt(bytes.length);
    bytes[index] ^= (byte) (1 + random.nextInt(255));

    Optional<SignedAddressRecord> decoded = SignedAddressRecord.decode(bytes);

    assertFalse(
        decoded.isPresent() && decoded.get().verify() && decoded.get().equals(record),
        "seed " + seed + ": a tampered record (byte " + index + ") still verified as the original");
    assertFalse(
        decoded.isPresent() && decoded.get().verify(),
        "seed " + seed + ": a tampered record (byte " + index + ") verified");
  }

  @Test
  void theBookAcceptsOnlyValidCurrentRecordsOfItsNetwork() throws Exception {
    AddressBook book = new AddressBook(new ManualClock(), Duration.ofSeconds(1), Duration.ofMinutes(1));
    SigningKey peer = key(3);
    SigningKey forger = key(4);
    InetSocketAddress a1 = address("192.0.2.1", 1);
    InetSocketAddress a2 = address("192.0.2.2", 2);

    SignedAddressRecord forged =
        new SignedAddressRecord(
            peer.publicKey(), NET, List.of(a1), T0,
            SignedAddressRecord.sign(forger, NET, List.of(a1), T0).signature());
    assertFalse(book.accept(forged, NET), "a record signed by another key");
    assertFalse(
        book.accept(SignedAddressRecord.sign(peer, NetworkId.of("other"), List.of(a1), T0), NET),
        "a record of another network");
    assertTrue(book.accept(SignedAddressRecord.sign(peer, NET, List.of(a1), T0), NET));
    assertFalse(
        book.accept(SignedAddressRecord.sign(peer, NET, List.of(a2), T0.minusSeconds(1)), NET),
        "an older record");
    assertTrue(book.accept(SignedAddressRecord.sign(peer, NET, List.of(a2), T0.plusSeconds(1)), NET));

    assertEquals(2, book.entries(peer.publicKey()).size());
    assertEquals(List.of(peer.publicKey()), List.copyOf(book.peers()));
  }

  @Test
  void failuresBackOffExponentiallyUpToTheMaximumAndASuccessResets() throws Exception {
    ManualClock clock = new ManualClock();
    AddressBook book = new AddressBook(clock, Duration.ofSeconds(1), Duration.ofSeconds(10));
    PublicKey peer = key(5).publicKey();
    InetSocketAddress a = address("192.0.2.9", 9);
    book.addBootstrap(peer, a);
    assertEquals(List.of(a), book.dialable(peer));

    List<Long> waits = new java.util.ArrayList<>();
    for (int failure = 1; failure <= 6; failure++) {
      book.recordFailure(peer, a);
      AddressBook.Entry e = book.entries(peer).getFirst();
      waits.add(Duration.between(clock.now, e.notBefore()).toSeconds());
      assertEquals(List.of(), book.dialable(peer));
      clock.now = e.notBefore();
      assertEquals(List.of(a), book.dialable(peer));
    }
    assertEquals(List.of(1L, 2L, 4L, 8L, 10L, 10L), waits);

    book.recordSuccess(peer, a);
    AddressBook.Entry e = book.entries(peer).getFirst();
    assertEquals(0, e.failures());
    assertEquals(Optional.of(clock.now), e.lastSeen());
    assertTrue(e.bootstrap());
  }

  @Test
  void dialableAddressesComeMostRecentlySeenFirst() throws Exception {
    ManualClock clock = new ManualClock();
    AddressBook book = new AddressBook(clock, Duration.ofSeconds(1), Duration.ofSeconds(10));
    PublicKey peer = key(6).publicKey();
    InetSocketAddress old = address("192.0.2.1", 1);
    InetSocketAddress recent = address("192.0.2.2", 2);
    InetSocketAddress never = address("192.0.2.3", 3);
    book.addBootstrap(peer, never);
    book.recordSuccess(peer, old);
    clock.now = clock.now.plusSeconds(5);
    book.recordSuccess(peer, recent);

    assertEquals(List.of(recent, old, never), book.dialable(peer));
  }
}
