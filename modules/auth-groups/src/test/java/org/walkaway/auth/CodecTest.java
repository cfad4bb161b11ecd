package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.walkaway.auth.internal.DagCbor;
import org.walkaway.auth.internal.Multibase;
import org.walkaway.auth.internal.TokenException;
import org.walkaway.core.Bytes;

/** The strict DAG-CBOR codec, multibase, CIDs, DIDs, selectors and invitations. */
class CodecTest {

  static Ipld randomValue(SplittableRandom random, int depth) {
    int kind = random.nextInt(depth > 3 ? 7 : 10);
    return switch (kind) {
      case 0 -> Ipld.NULL;
      case 1 -> new Ipld.Bool(random.nextBoolean());
      case 2 -> new Ipld.Int(switch (random.nextInt(4)) {
        case 0 -> random.nextInt(30) - 15;
        case 1 -> random.nextLong();
        case 2 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
        default -> random.nextInt(70000) - 35000;
      });
      case 3 -> new Ipld.Real(random.nextDouble() * 1e6 - 5e5);
      case 4 -> new Ipld.Text(randomText(random));
      case 5 -> {
        byte[] b = new byte[random.nextInt(40)];
        random.nextBytes(b);
        yield new Ipld.Blob(Bytes.of(b));
      }
      case 6 -> new Ipld.Link(Cid.ofDagCbor(new byte[] {(byte) random.nextInt()}));
      case 7, 8 -> {
        List<Ipld> items = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          items.add(randomValue(random, depth + 1));
        }
        yield new Ipld.Seq(items);
      }
      default -> {
        TreeMap<String, Ipld> map = new TreeMap<>(Ipld.KEY_ORDER);
        for (int i = random.nextInt(5); i > 0; i--) {
          map.put(randomText(random), randomValue(random, depth + 1));
        }
        yield new Ipld.Dict(map);
      }
    };
  }

  static String randomText(SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(8); i > 0; i--) {
      sb.appendCodePoint(random.nextInt(3) == 0 ? 0x00e9 + random.nextInt(300) : 'a' + random.nextInt(26));
    }
    return sb.toString();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void encodeDecodeRoundTrips(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 300; i++) {
      Ipld value = randomValue(random, 0);
      byte[] encoded = DagCbor.encode(value);
      Ipld decoded = DagCbor.decode(encoded, 64);
      assertEquals(value, decoded, "seed " + seed);
      assertArrayEquals(encoded, DagCbor.encode(decoded), "seed " + seed);
    }
  }

  static void refused(String hex) {
    TokenException e = assertThrows(TokenException.class, () -> DagCbor.decode(HexFormat.of().parseHex(hex), 64), hex);
    assertEquals(ErrorName.MALFORMED_TOKEN, e.error().name());
  }

  @Test
  void nonCanonicalFormsAreRefused() {
    refused("1817");                 // 23 in two bytes
    refused("190017");               // 23 in three bytes
    refused("5f4101ff");             // indefinite byte string
    refused("9fff");                 // indefinite array
    refused("a2616201616101");       // keys out of order ("b" before "a")
    refused("a2616101616101");       // duplicate key
    refused("a2626161016162");       // shorter key must come first: "aa" then "b"
    refused("f93c00");               // half float
    refused("fa3f800000");           // single float
    refused("fb7ff8000000000000");   // NaN
    refused("fb7ff0000000000000");   // infinity
    refused("f7");                   // undefined
    refused("c11a5f000000");         // tag 1
    refused("d82a4401711220");       // tag 42 without the 0x00 prefix
    refused("6162ff");               // trailing bytes
    refused("62c328");               // invalid UTF-8
    refused("a10101");               // integer key
    refused("1bffffffffffffffff");   // beyond long
    refused("5b0000000100000000");   // length beyond the input
  }

  @Test
  void canonicalFormsAreAccepted() {
    assertEquals(new Ipld.Int(24), DagCbor.decode(HexFormat.of().parseHex("1818"), 64));
    assertEquals(new Ipld.Int(-1), DagCbor.decode(HexFormat.of().parseHex("20"), 64));
    assertEquals(new Ipld.Real(1.0), DagCbor.decode(HexFormat.of().parseHex("fb3ff0000000000000"), 64));
    Ipld.Dict lengthFirst = (Ipld.Dict) DagCbor.decode(HexFormat.of().parseHex("a261620162616101"), 64);
    assertEquals(List.of("b", "aa"), List.copyOf(lengthFirst.entries().keySet()));
  }

  @Test
  void multibaseAndCids() {
    byte[] data = HexFormat.of().parseHex("0000ff0102");
    assertArrayEquals(data, Multibase.decodeBase58(Multibase.encodeBase58(data)));
    assertArrayEquals(data, Multibase.decodeBase32(Multibase.encodeBase32(data)));
    Cid cid = Cid.ofDagCbor(new byte[] {(byte) 0xa0});
    assertTrue(cid.toString().startsWith("bafyrei"));
    assertEquals(cid, Cid.parse(cid.toString()));
    assertTrue(cid.isDagCborSha256());
    assertThrows(IllegalArgumentException.class, () -> Cid.parse("Qm123"));
  }

  @Test
  void didsRoundTripAndOthersAreTyped() {
    Did alice = TestKit.did(TestKit.ALICE);
    assertTrue(alice.toString().startsWith("did:key:z6Mk"));
    assertEquals(alice, Did.parse(alice.toString()));
    Decoded<Did> web = Did.read("did:web:example.com");
    assertEquals(ErrorName.UNSUPPORTED_DID, ((Decoded.Failed<Did>) web).error().name());
    assertThrows(IllegalArgumentException.class, () -> Did.parse("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"));
  }

  @Test
  void selectors() {
    Ipld args = Ipld.Dict.of(java.util.Map.of("a", new Ipld.Seq(List.of(new Ipld.Int(1), new Ipld.Int(2))),
        "with space", new Ipld.Text("x")));
    assertEquals(new Ipld.Int(2), Selector.parse(".a[-1]").select(args).orElseThrow());
    assertEquals(new Ipld.Int(1), Selector.parse(".a.[0]").select(args).orElseThrow());
    assertEquals(new Ipld.Text("x"), Selector.parse(".[\"with space\"]").select(args).orElseThrow());
    assertEquals(Ipld.NULL, Selector.parse(".b?").select(args).orElseThrow());
    assertTrue(Selector.parse(".b").select(args).isEmpty());
    for (String bad : List.of("", "a", ".a..b", ".[", ".[x]", ".[]", ".[1:2]")) {
      assertThrows(IllegalArgumentException.class, () -> Selector.parse(bad), bad);
    }
  }

  @Test
  void invitationsRoundTrip() {
    Delegation d = TestKit.delegate(TestKit.ALICE, TestKit.BOB, TestKit.ALICE, "/topic/write");
    String invite = Invitation.encode(d);
    assertTrue(invite.startsWith(Invitation.PREFIX));
    assertTrue(invite.length() < 500, invite.length() + " characters");
    assertEquals(d, Invitation.decode("  " + invite + "\n").orThrow());
    assertInstanceOf(Decoded.Failed.class, Invitation.decode("walkaway-invite:!!!"));
    assertInstanceOf(Decoded.Failed.class, Invitation.decode("hello"));
    assertInstanceOf(Decoded.Failed.class, Invitation.decode(invite.substring(0, invite.length() - 4)));
  }

  @Test
  void builtTokensReadBack() {
    Delegation d = Delegation.builder().audience(TestKit.did(TestKit.BOB)).subject(TestKit.did(TestKit.ALICE))
        .command("/topic/write").policy(Policy.of(new Policy.Like(Selector.parse(".topic"), "chat-*")))
        .notBefore(TestKit.NOW).expiration(TestKit.NOW + 60).meta(Ipld.Dict.of(java.util.Map.of("k", new Ipld.Real(0.5))))
        .sign(TestKit.ALICE);
    Delegation again = Delegation.decode(d.token().toArray()).orThrow();
    assertEquals(d.policy(), again.policy());
    assertEquals(d.meta(), again.meta());
    assertEquals(UcanVersion.V1_0_0, again.version());
    assertTrue(again.hasValidSignature());
  }
}
