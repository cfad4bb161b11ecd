package org.walkaway.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Bytes}, {@link Hash}, {@link Blake3} and {@link LogId}. */
class BytesHashLogIdTest {
  /** The official BLAKE3 test vectors use input byte i = i mod 251. */
  private static byte[] officialInput(int length) {
    byte[] input = new byte[length];
    for (int i = 0; i < length; i++) {
      input[i] = (byte) (i % 251);
    }
    return input;
  }

  private static final byte[] OFFICIAL_KEY = "whats the Elvish word for friend".getBytes(StandardCharsets.US_ASCII);
  private static final String OFFICIAL_CONTEXT = "BLAKE3 2019-12-27 16:29:52 test vectors context";

  @Test
  void blake3OfEmptyAndAbc() {
    assertEquals("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", Hash.of(new byte[0]).toHex());
    assertEquals(
        "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85",
        Hash.of("abc".getBytes(StandardCharsets.US_ASCII)).toHex());
    assertEquals(Hash.of(new byte[0]), Hash.of(Bytes.EMPTY));
    assertEquals(Hash.of("abc".getBytes(StandardCharsets.US_ASCII)), Hash.of("xabcx".getBytes(StandardCharsets.US_ASCII), 1, 3));
  }

  /** From BLAKE3-team/BLAKE3 test_vectors.json: lengths 0, 1 and 1025 (more than one chunk). */
  @Test
  void blake3OfficialVectorsInAllThreeModes() {
    assertEquals("2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213", Hash.of(officialInput(1)).toHex());
    assertEquals("d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444", Hash.of(officialInput(1025)).toHex());
    assertEquals(
        "92b2b75604ed3c761f9d6f62392c8a9227ad0ea3f09573e783f1498a4ed60d26",
        Bytes.of(Blake3.keyedHash(OFFICIAL_KEY, officialInput(0), 32)).toHex());
    assertEquals(
        "357dc55de0c7e382c900fd6e320acc04146be01db6a8ce7210b7189bd664ea69",
        Bytes.of(Blake3.keyedHash(OFFICIAL_KEY, officialInput(1025), 32)).toHex());
    assertEquals(
        "2cc39783c223154fea8dfb7c1b1660f2ac2dcbd1c1de8277b0b0dd39b7e50d7d",
        Bytes.of(Blake3.deriveKey(OFFICIAL_CONTEXT, officialInput(0), 32)).toHex());
    assertEquals(
        "b3e2e340a117a499c6cf2398a19ee0d29cca2bb7404c73063382693bf66cb06c",
        Bytes.of(Blake3.deriveKey(OFFICIAL_CONTEXT, officialInput(1), 32)).toHex());
  }

  @Test
  void blake3ExtendedOutput() {
    assertEquals(
        "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444f4c4a22b4b399155358a994e52bf255de60035742ec71bd08ac275a1b51cc6bfe332b0ef84b409108cda080e6269ed4b3e2c3f7d722aa4cdc98d16deb554e5627be8f955c98e1d5f9565a9194cad0c4285f93700062d9595adb992ae68ff12800ab67a",
        Bytes.of(Blake3.hash(officialInput(1025), 131)).toHex());
    assertEquals(
        "effaa245f065fbf82ac186839a249707c3bddf6d3fdda22d1b95a3c970379bcb5d31013a167509e9066273ab6e2123bc835b408b067d88f96addb550d96b6852dad38e320b9d940f86db74d398c770f462118b35d2724efa13da97194491d96dd37c3c09cbef665953f2ee85ec83d88b88d11547a6f911c8217cca46defa2751e7f3ad",
        Bytes.of(Blake3.deriveKey(OFFICIAL_CONTEXT, officialInput(1025), 131)).toHex());
    assertEquals(
        Bytes.of(Blake3.hash(officialInput(7), 16)).toHex(),
        Bytes.of(Blake3.hash(officialInput(7), 32)).toHex().substring(0, 32),
        "a shorter output is a prefix");
    assertThrows(IllegalArgumentException.class, () -> Blake3.hash(new byte[1], 0));
    assertThrows(IllegalArgumentException.class, () -> Blake3.keyedHash(new byte[31], new byte[1], 32));
    assertThrows(IndexOutOfBoundsException.class, () -> Blake3.hash(new byte[4], 3, 2, 32));
  }

  static LongStream seeds() {
    return LongStream.range(0, 50).map(i -> 0xb7e5L * 31 + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void hexRoundTrips(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] data = new byte[random.nextInt(0, 100)];
    random.nextBytes(data);
    Bytes bytes = Bytes.of(data);
    String hex = bytes.toHex();
    assertEquals(hex.toLowerCase(java.util.Locale.ROOT), hex, () -> "seed " + seed + ": lowercase");
    assertEquals(2 * data.length, hex.length(), () -> "seed " + seed);
    assertEquals(bytes, Bytes.fromHex(hex), () -> "seed " + seed);
    assertEquals(bytes, Bytes.fromHex(hex.toUpperCase(java.util.Locale.ROOT)), () -> "seed " + seed);
    assertEquals(hex, bytes.toString(), () -> "seed " + seed);
    byte[] digest = new byte[32];
    random.nextBytes(digest);
    Hash hash = Hash.fromBytes(digest);
    assertEquals(hash, Hash.fromHex(hash.toHex()), () -> "seed " + seed);
    LogId logId = new LogId(Bytes.of(digest));
    assertEquals(logId, LogId.fromHex(logId.toHex()), () -> "seed " + seed);
    assertEquals(logId.toHex(), logId.toString(), () -> "seed " + seed);
  }

  @Test
  void badHexIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("abc"));
    assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("zz"));
    assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("0x00"));
    assertThrows(IllegalArgumentException.class, () -> Hash.fromHex("00"));
    assertThrows(IllegalArgumentException.class, () -> LogId.fromHex("00".repeat(33)));
    assertEquals(Bytes.EMPTY, Bytes.fromHex(""));
  }

  @Test
  void bytesAreImmutableCopies() {
    byte[] data = {1, 2, 3};
    Bytes bytes = Bytes.of(data);
    data[0] = 9;
    assertEquals(1, bytes.get(0), "of() copies");
    byte[] out = bytes.toArray();
    out[1] = 9;
    assertEquals(2, bytes.get(1), "toArray() copies");
    assertEquals(Bytes.of((byte) 2, (byte) 3), Bytes.of(new byte[] {0, 1, 2, 3, 4}, 2, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> Bytes.of(new byte[3], 2, 2));
    byte[] target = new byte[5];
    bytes.copyTo(target, 1);
    assertArrayEquals(new byte[] {0, 1, 2, 3, 0}, target);
    assertEquals(Bytes.of((byte) 2), bytes.slice(1, 2));
    assertEquals(Bytes.EMPTY, bytes.slice(3, 3));
    assertTrue(Bytes.EMPTY.isEmpty());
    assertEquals(3, bytes.length());
  }

  /** Regression: slicing past the end padded with zeros instead of failing. */
  @Test
  void sliceChecksItsBounds() {
    Bytes bytes = Bytes.of((byte) 1, (byte) 2, (byte) 3);
    assertThrows(IndexOutOfBoundsException.class, () -> bytes.slice(0, 4));
    assertThrows(IndexOutOfBoundsException.class, () -> bytes.slice(2, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> bytes.slice(-1, 1));
  }

  @Test
  void equalityIsByContent() {
    assertEquals(Bytes.of((byte) 1, (byte) 2), Bytes.fromHex("0102"));
    assertEquals(Bytes.of((byte) 1, (byte) 2).hashCode(), Bytes.fromHex("0102").hashCode());
    assertNotEquals(Bytes.of((byte) 1), Bytes.of((byte) 1, (byte) 0));
    assertEquals(Hash.of(new byte[] {5}), Hash.of(new byte[] {5}));
  }

  @Test
  void orderIsUnsignedLexicographic() {
    List<Bytes> expected =
        List.of(
            Bytes.EMPTY,
            Bytes.fromHex("00"),
            Bytes.fromHex("0000"),
            Bytes.fromHex("01"),
            Bytes.fromHex("7f"),
            Bytes.fromHex("7fff"),
            Bytes.fromHex("80"),
            Bytes.fromHex("ff"),
            Bytes.fromHex("ff00"));
    List<Bytes> shuffled = new ArrayList<>(expected);
    Collections.shuffle(shuffled, new java.util.Random(5));
    Collections.sort(shuffled);
    assertEquals(expected, shuffled);
    Hash low = Hash.fromHex("7f" + "ff".repeat(31));
    Hash high = Hash.fromHex("80" + "00".repeat(31));
    assertTrue(low.compareTo(high) < 0, "0x7f... sorts before 0x80...");
    assertTrue(new LogId(low.bytes()).compareTo(new LogId(high.bytes())) < 0);
    PublicKey a = PublicKey.fromHex("01" + "00".repeat(31));
    PublicKey b = PublicKey.fromHex("ff" + "00".repeat(31));
    assertTrue(a.compareTo(b) < 0);
    assertTrue(new LogKey(a, new LogId(high.bytes())).compareTo(new LogKey(b, new LogId(low.bytes()))) < 0, "author first");
    assertTrue(new LogKey(a, new LogId(low.bytes())).compareTo(new LogKey(a, new LogId(high.bytes()))) < 0, "then log id");
  }

  @Test
  void logIdOfATopicIsPinned() {
    assertEquals("815aea0e3ae06b371bce69fa100ffc37302b52d346bcff745344b81c19eb18fc", LogId.ofTopic("chat").toHex());
    assertEquals(LogId.ofTopic("chat"), LogId.ofTopic("chat".getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        Bytes.of(Blake3.deriveKey("walkaway 2026-11 log id from topic v1", "chat".getBytes(StandardCharsets.UTF_8), 32)),
        LogId.ofTopic("chat").bytes());
    assertNotEquals(LogId.ofTopic("chat"), LogId.ofTopic("Chat"));
    assertNotEquals(LogId.ofTopic(""), LogId.DEFAULT);
    assertNotEquals(Hash.of("chat".getBytes(StandardCharsets.UTF_8)).bytes(), LogId.ofTopic("chat").bytes(), "not a plain hash");
    assertEquals(Bytes.of(new byte[32]), LogId.DEFAULT.bytes());
    assertEquals(LogId.ofTopic("caf\u00e9"), LogId.ofTopic(new byte[] {'c', 'a', 'f', (byte) 0xc3, (byte) 0xa9}));
    assertThrows(IllegalArgumentException.class, () -> new LogId(Bytes.of(new byte[31])));
  }
}
