package org.walkaway.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.walkaway.core.Blake3;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;

class TopicIdTest {

  @Test
  void aNameDerivesItsIdWithBlake3KeyDerivation() {
    TopicId id = TopicId.fromName("our secret room 7f3a9c");
    assertEquals(TopicId.fromName("our secret room 7f3a9c"), id);
    assertNotEquals(TopicId.fromName("our secret room 7f3a9d"), id);
    byte[] expected = Blake3.deriveKey(TopicId.NAME_CONTEXT,
        "our secret room 7f3a9c".getBytes(java.nio.charset.StandardCharsets.UTF_8), 32);
    assertEquals(Bytes.of(expected), id.bytes());
    // Not the plain hash of the name: knowing a hash of the name does not give the topic id.
    assertNotEquals(Hash.of("our secret room 7f3a9c".getBytes(java.nio.charset.StandardCharsets.UTF_8)).bytes(), id.bytes());
  }

  @Test
  void idsAre32BytesAndRoundTripThroughHex() {
    TopicId id = TopicId.fromName("x");
    assertEquals(id, TopicId.fromHex(id.toHex()));
    assertEquals(id, TopicId.of(new Hash(id.bytes())));
    assertThrows(IllegalArgumentException.class, () -> new TopicId(Bytes.of(new byte[31])));
  }
}
