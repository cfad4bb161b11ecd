package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.walkaway.auth.TestKit.ALICE;
import static org.walkaway.auth.TestKit.BOB;
import static org.walkaway.auth.TestKit.CAROL;
import static org.walkaway.auth.TestKit.DAN;
import static org.walkaway.auth.TestKit.MALLORY;
import static org.walkaway.auth.TestKit.NOW;
import static org.walkaway.auth.TestKit.did;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.walkaway.auth.internal.DagCbor;
import org.walkaway.core.Bytes;
import org.walkaway.core.SigningKey;

/** Items 1-7 of shared/spec/adversarial-auth-crypto.md (the capability layer), as named tests. */
class AdversarialCapabilitiesTest {

  static ValidationResult validate(Invocation invocation, List<Delegation> proofs) {
    return TestKit.validatorAt(NOW).validate(invocation, ProofStore.of(proofs));
  }

  static ValidationResult validate(Invocation invocation, List<Delegation> proofs, RevocationSet revocations) {
    return TestKit.validatorAt(NOW).validate(invocation, ProofStore.of(proofs), revocations);
  }

  static void assertValid(ValidationResult result) {
    assertInstanceOf(ValidationResult.Valid.class, result, result.toString());
  }

  static void assertInvalid(ErrorName expected, ValidationResult result) {
    assertInvalid(expected, result, "");
  }

  static void assertInvalid(ErrorName expected, ValidationResult result, String why) {
    ValidationResult.Invalid invalid = assertInstanceOf(ValidationResult.Invalid.class, result, why + " " + result);
    assertEquals(expected, invalid.name(), why + " " + invalid.message());
  }

  static void assertFailed(ErrorName expected, Decoded<?> decoded) {
    assertFailed(expected, decoded, "");
  }

  static void assertFailed(ErrorName expected, Decoded<?> decoded, String why) {
    Decoded.Failed<?> failed = assertInstanceOf(Decoded.Failed.class, decoded, why + " " + decoded);
    assertEquals(expected, failed.error().name(), why + " " + failed.error().message());
  }

  /** Item 1. */
  @Nested
  class EscalatedDelegation {
    @Test
    void childCommandBroaderThanParentIsRefused() {
      Delegation root = TestKit.delegate(ALICE, BOB, ALICE, "/topic");
      Delegation child = TestKit.delegate(BOB, CAROL, ALICE, "/");
      assertInvalid(ErrorName.INVALID_COMMAND,
          validate(TestKit.invoke(CAROL, ALICE, "/topic/write", List.of(root, child)), List.of(root, child)));
    }

    @Test
    void invocationBroaderThanChainIsRefused() {
      Delegation root = TestKit.delegate(ALICE, BOB, ALICE, "/topic/write");
      assertInvalid(ErrorName.INVALID_COMMAND, validate(TestKit.invoke(BOB, ALICE, "/topic", List.of(root)), List.of(root)));
    }

    @Test
    void commandsAttenuateBySegmentsNotByPrefix() {
      Delegation crypto = TestKit.delegate(ALICE, BOB, ALICE, "/crypto");
      assertInvalid(ErrorName.INVALID_COMMAND,
          validate(TestKit.invoke(BOB, ALICE, "/cryptocurrency", List.of(crypto)), List.of(crypto)));
      assertValid(validate(TestKit.invoke(BOB, ALICE, "/crypto/sign", List.of(crypto)), List.of(crypto)));
      Delegation write = TestKit.delegate(ALICE, BOB, ALICE, "/topic/write");
      assertInvalid(ErrorName.INVALID_COMMAND,
          validate(TestKit.invoke(BOB, ALICE, "/topic/writer", List.of(write)), List.of(write)));
    }

    @Test
    void narrowingIsAllowed() {
      Delegation root = TestKit.delegate(ALICE, BOB, ALICE, "/");
      Delegation child = TestKit.delegate(BOB, CAROL, ALICE, "/topic");
      Delegation grandchild = TestKit.delegate(CAROL, DAN, ALICE, "/topic/write");
      List<Delegation> chain = List.of(root, child, grandchild);
      assertValid(validate(TestKit.invoke(DAN, ALICE, "/topic/write", chain), chain));
    }
  }

  /** Item 2. */
  @Nested
  class PolicyLoosening {
    final Policy under100 = Policy.of(new Policy.LessThan(Selector.parse(".amount"), new Ipld.Int(100)));

    @Test
    void childDroppingParentPolicyDoesNotLoosenIt() {
      Delegation root = Delegation.builder().audience(did(BOB)).subject(did(ALICE)).command("/pay")
          .policy(under100).noExpiration().sign(ALICE);
      Delegation child = TestKit.delegate(BOB, CAROL, ALICE, "/pay"); // pol: []
      List<Delegation> chain = List.of(root, child);
      assertInvalid(ErrorName.MATCH_ERROR, validate(TestKit.invoke(CAROL, ALICE, "/pay", chain,
          TestKit.args(Map.of("amount", new Ipld.Int(500)))), chain));
      assertValid(validate(TestKit.invoke(CAROL, ALICE, "/pay", chain,
          TestKit.args(Map.of("amount", new Ipld.Int(50)))), chain));
    }

    @Test
    void childWeakeningParentPolicyDoesNotLoosenIt() {
      Delegation root = Delegation.builder().audience(did(BOB)).subject(did(ALICE)).command("/pay")
          .policy(under100).noExpiration().sign(ALICE);
      Delegation child = Delegation.builder().audience(did(CAROL)).subject(did(ALICE)).command("/pay")
          .policy(Policy.of(new Policy.LessThan(Selector.parse(".amount"), new Ipld.Int(1000))))
          .noExpiration().sign(BOB);
      List<Delegation> chain = List.of(root, child);
      assertInvalid(ErrorName.MATCH_ERROR, validate(TestKit.invoke(CAROL, ALICE, "/pay", chain,
          TestKit.args(Map.of("amount", new Ipld.Int(500)))), chain));
    }

    @Test
    void unresolvedSelectorIsFalseNotAnException() {
      Ipld args = TestKit.args(Map.of("a", new Ipld.Seq(List.of(new Ipld.Int(1)))));
      for (String selector : List.of(".missing", ".a.b", ".a[5]", ".a[-2]", ".[\"x\"]", ".a[0].c")) {
        Selector s = Selector.parse(selector);
        assertEquals(false, new Policy.Equal(s, Ipld.NULL).holdsFor(args), selector);
        assertEquals(false, new Policy.NotEqual(s, Ipld.NULL).holdsFor(args), selector);
        assertEquals(false, new Policy.GreaterThan(s, new Ipld.Int(0)).holdsFor(args), selector);
        assertEquals(false, new Policy.Like(s, "*").holdsFor(args), selector);
        assertEquals(false, new Policy.All(s, new Policy.And(List.of())).holdsFor(args), selector);
        assertEquals(false, new Policy.Any(s, new Policy.And(List.of())).holdsFor(args), selector);
      }
      assertTrue(new Policy.Equal(Selector.parse(".missing?"), Ipld.NULL).holdsFor(args));
    }

    @Test
    void likeEscapesStars() {
      assertTrue(Policy.glob("a\\*b", "a*b"));
      assertEquals(false, Policy.glob("a\\*b", "axb"));
      assertTrue(Policy.glob("a*b", "axxb"));
      assertTrue(Policy.glob("*", ""));
      assertEquals(false, Policy.glob("*@example.com", "carol@elsewhere.example.org"));
      // A pathological pattern stays fast: no backtracking explosion.
      assertEquals(false, Policy.glob("*a*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(5000)));
    }

    @Test
    void anyAndAllRangeOverListsAndMaps() {
      Policy.Statement isOne = new Policy.Equal(Selector.IDENTITY, new Ipld.Int(1));
      Ipld list = TestKit.args(Map.of("x", new Ipld.Seq(List.of(new Ipld.Int(1), new Ipld.Int(2)))));
      Ipld map = TestKit.args(Map.of("x", TestKit.args(Map.of("p", new Ipld.Int(1), "q", new Ipld.Real(1.0)))));
      Selector x = Selector.parse(".x");
      assertTrue(new Policy.Any(x, isOne).holdsFor(list));
      assertEquals(false, new Policy.All(x, isOne).holdsFor(list));
      assertTrue(new Policy.All(x, isOne).holdsFor(map), "1 == 1.0");
      assertEquals(false, new Policy.Any(x, isOne).holdsFor(TestKit.args(Map.of("x", new Ipld.Text("1")))));
    }
  }

  /** Item 3. */
  @Nested
  class TimeBounds {
    Delegation withTimes(Long notBefore, Long expiration) {
      Delegation.Builder b = Delegation.builder().audience(did(BOB)).subject(did(ALICE)).command("/x");
      if (notBefore != null) {
        b.notBefore(notBefore);
      }
      if (expiration != null) {
        b.expiration(expiration);
      } else {
        b.noExpiration();
      }
      return b.sign(ALICE);
    }

    ValidationResult useAsLeaf(Delegation d) {
      Delegation root = TestKit.delegate(ALICE, ALICE, ALICE, "/");
      // root: Alice to herself; then the timed link from Alice to Bob.
      List<Delegation> chain = List.of(root, d);
      return validate(TestKit.invoke(BOB, ALICE, "/x", chain), chain);
    }

    @Test
    void expiredOneSecondAgoAnywhereInTheChainIsRefused() {
      assertInvalid(ErrorName.EXPIRED, useAsLeaf(withTimes(null, NOW - 1)));
      Delegation expiredRoot = Delegation.builder().audience(did(BOB)).subject(did(ALICE)).command("/")
          .expiration(NOW - 1).sign(ALICE);
      Delegation leaf = TestKit.delegate(BOB, CAROL, ALICE, "/x");
      assertInvalid(ErrorName.EXPIRED, validate(TestKit.invoke(CAROL, ALICE, "/x", List.of(expiredRoot, leaf)),
          List.of(expiredRoot, leaf)));
    }

    @Test
    void expIsTheLastValidSecond() {
      assertValid(useAsLeaf(withTimes(null, NOW)));
    }

    @Test
    void inactiveLinkIsRefused() {
      assertInvalid(ErrorName.TOO_EARLY, useAsLeaf(withTimes(NOW + 1, null)));
      assertValid(useAsLeaf(withTimes(NOW, null)));
    }

    @Test
    void nullExpirationIsAccepted() {
      Delegation d = withTimes(null, null);
      assertTrue(d.expiration().isEmpty());
      assertValid(useAsLeaf(d));
    }

    @Test
    void timestampsAboveTwoToThe53MinusOneAreRefused() {
      Delegation d = withTimes(null, NOW + 10);
      for (String field : List.of("exp", "nbf")) {
        Ipld.Dict payload = TestKit.with(TestKit.payloadOf(d.token()), field, new Ipld.Int(1L << 53));
        assertFailed(ErrorName.MALFORMED_TOKEN, Delegation.decode(TestKit.signedEnvelope("ucan/dlg@1.0.0", payload, ALICE)));
      }
      Ipld.Dict ok = TestKit.with(TestKit.payloadOf(d.token()), "exp", new Ipld.Int((1L << 53) - 1));
      assertInstanceOf(Decoded.Ok.class, Delegation.decode(TestKit.signedEnvelope("ucan/dlg@1.0.0", ok, ALICE)));
      assertFailed(ErrorName.MALFORMED_TOKEN, Delegation.decode(TestKit.signedEnvelope("ucan/dlg@1.0.0",
          TestKit.with(TestKit.payloadOf(d.token()), "exp", new Ipld.Int(-1)), ALICE)));
    }

    @Test
    void expiredInvocationIsRefused() {
      Invocation late = Invocation.builder().subject(did(ALICE)).command("/x").expiration(NOW - 1).sign(ALICE);
      assertInvalid(ErrorName.EXPIRED, validate(late, List.of()));
      Invocation onTime = Invocation.builder().subject(did(ALICE)).command("/x").expiration(NOW).sign(ALICE);
      assertValid(validate(onTime, List.of()));
    }
  }

  /** Item 4. */
  @Nested
  class BrokenPrincipalAlignment {
    @Test
    void proofAudienceIsNotTheNextIssuer() {
      Delegation root = TestKit.delegate(ALICE, BOB, ALICE, "/");
      Delegation child = TestKit.delegate(CAROL, DAN, ALICE, "/"); // Carol never received anything
      assertInvalid(ErrorName.INVALID_AUDIENCE,
          validate(TestKit.invoke(DAN, ALICE, "/x", List.of(root, child)), List.of(root, child)));
    }

    @Test
    void firstProofWasNotIssuedToTheInvoker() {
      Delegation root = TestKit.delegate(ALICE, BOB, ALICE, "/");
      assertInvalid(ErrorName.INVALID_AUDIENCE, validate(TestKit.invoke(MALLORY, ALICE, "/x", List.of(root)), List.of(root)));
    }

    @Test
    void lastProofIsNotARoot() {
      Delegation notRoot = TestKit.delegate(BOB, CAROL, ALICE, "/"); // Bob speaks for Alice without proof
      assertInvalid(ErrorName.INVALID_CLAIM, validate(TestKit.invoke(CAROL, ALICE, "/x", List.of(notRoot)), List.of(notRoot)));
    }

    @Test
    void subjectMismatch() {
      Delegation root = TestKit.delegate(ALICE, BOB, ALICE, "/");
      assertInvalid(ErrorName.INVALID_SUBJECT, validate(TestKit.invoke(BOB, CAROL, "/x", List.of(root)), List.of(root)));
      Delegation otherSubject = TestKit.delegate(BOB, CAROL, BOB, "/");
      assertInvalid(ErrorName.INVALID_SUBJECT,
          validate(TestKit.invoke(CAROL, ALICE, "/x", List.of(root, otherSubject)), List.of(root, otherSubject)));
    }

    @Test
    void powerlineUsedAsRootIsRefused() {
      Delegation powerline = Delegation.builder().audience(did(BOB)).powerline().command("/").noExpiration().sign(ALICE);
      assertInvalid(ErrorName.INVALID_CLAIM, validate(TestKit.invoke(BOB, ALICE, "/x", List.of(powerline)), List.of(powerline)));
    }

    @Test
    void powerlineBelowARootPassesTheSubjectOn() {
      Delegation root = TestKit.delegate(ALICE, BOB, ALICE, "/docs");
      Delegation powerline = Delegation.builder().audience(did(CAROL)).powerline().command("/docs").noExpiration().sign(BOB);
      List<Delegation> chain = List.of(root, powerline);
      assertValid(validate(TestKit.invoke(CAROL, ALICE, "/docs/read", chain), chain));
    }
  }

  /** Item 5. */
  @Nested
  class RevokedLink {
    final Delegation root = TestKit.delegate(ALICE, BOB, ALICE, "/");
    final Delegation child = TestKit.delegate(BOB, CAROL, ALICE, "/docs");
    final List<Delegation> chain = List.of(root, child);
    final Invocation invocation = TestKit.invoke(CAROL, ALICE, "/docs/read", chain);

    @Test
    void revocationByAnIssuerInTheChainInvalidatesTheChain() {
      assertInvalid(ErrorName.REVOKED, validate(invocation, chain,
          RevocationSet.empty().with(Revocation.issue(BOB, child.cid()))));
      assertInvalid(ErrorName.REVOKED, validate(invocation, chain,
          RevocationSet.empty().with(Revocation.issue(ALICE, child.cid()))), "an issuer above the link");
      assertInvalid(ErrorName.REVOKED, validate(invocation, chain,
          RevocationSet.empty().with(Revocation.issue(ALICE, root.cid()))));
    }

    @Test
    void revocationByAPrincipalOutsideTheChainHasNoEffect() {
      RevocationSet byMallory = RevocationSet.empty().with(Revocation.issue(MALLORY, child.cid()))
          .with(Revocation.issue(MALLORY, root.cid()));
      assertValid(validate(invocation, chain, byMallory));
      // Carol is in the chain, but below the link: she cannot revoke what was given to her.
      assertValid(validate(invocation, chain, RevocationSet.empty().with(Revocation.issue(CAROL, child.cid()))));
      // Bob cannot revoke the root above him.
      assertValid(validate(invocation, chain, RevocationSet.empty().with(Revocation.issue(BOB, root.cid()))));
    }

    @Test
    void revocationArrivingBeforeTheDelegationStillApplies() {
      Delegation future = Delegation.builder().audience(did(CAROL)).subject(did(ALICE)).command("/docs")
          .nonce(TestKit.nonce(7)).noExpiration().sign(BOB);
      // Bob revokes by CID (he can compute it before sending); the revocation travels first.
      RevocationSet known = RevocationSet.empty().with(Revocation.issue(BOB, future.cid()));
      List<Delegation> laterChain = List.of(root, future);
      assertInvalid(ErrorName.REVOKED, validate(TestKit.invoke(CAROL, ALICE, "/docs/read", laterChain), laterChain, known));
    }

    @Test
    void anotherUnrevokedPathStillGrantsAccess() {
      Delegation viaDan = TestKit.delegate(ALICE, DAN, ALICE, "/");
      Delegation danToCarol = TestKit.delegate(DAN, CAROL, ALICE, "/docs");
      RevocationSet revoked = RevocationSet.empty().with(Revocation.issue(BOB, child.cid()));
      List<Delegation> all = List.of(root, child, viaDan, danToCarol);
      assertInvalid(ErrorName.REVOKED, validate(invocation, all, revoked));
      assertValid(validate(TestKit.invoke(CAROL, ALICE, "/docs/read", List.of(viaDan, danToCarol)), all, revoked));
    }

    @Test
    void revokedDelegationReissuedWithANewNonceWorks() {
      RevocationSet revoked = RevocationSet.empty().with(Revocation.issue(BOB, child.cid()));
      Delegation reissued = Delegation.builder().audience(did(CAROL)).subject(did(ALICE)).command("/docs")
          .nonce(TestKit.nonce(99)).noExpiration().sign(BOB);
      assertNotEquals(child.cid(), reissued.cid());
      List<Delegation> newChain = List.of(root, reissued);
      assertValid(validate(TestKit.invoke(CAROL, ALICE, "/docs/read", newChain), newChain, revoked));
    }

    @Test
    void forgedRevocationIsRefused() {
      Revocation real = Revocation.issue(BOB, child.cid());
      byte[] token = real.token().toArray();
      token[5] ^= 1; // inside the signature
      Decoded<Revocation> forged = Revocation.decode(token);
      assertFailed(ErrorName.INVALID_SIGNATURE, forged);
      assertTrue(Revocation.decode(real.token().toArray()) instanceof Decoded.Ok<Revocation>);
    }
  }

  /** Item 6. */
  @Nested
  class ForgeryAndEncoding {
    final Delegation root = TestKit.delegate(ALICE, BOB, ALICE, "/");

    static byte[] replaceSignature(Bytes token, byte[] signature) {
      Ipld.Seq parts = TestKit.parts(token);
      return DagCbor.encode(new Ipld.Seq(List.of(new Ipld.Blob(Bytes.of(signature)), parts.items().get(1))));
    }

    ValidationResult validateWithProof(byte[] proofToken) {
      Delegation proof = Delegation.decode(proofToken).orThrow();
      return validate(TestKit.invoke(BOB, ALICE, "/x", List.of(proof)), List.of(proof));
    }

    @Test
    void flippedSignatureByte() {
      for (int at : new int[] {0, 31, 32, 63}) {
        byte[] sig = TestKit.signatureOf(root.token());
        sig[at] ^= 0x01;
        assertInvalid(ErrorName.INVALID_SIGNATURE, validateWithProof(replaceSignature(root.token(), sig)));
      }
      Invocation good = TestKit.invoke(BOB, ALICE, "/x", List.of(root));
      byte[] sig = TestKit.signatureOf(good.token());
      sig[10] ^= (byte) 0x80;
      Invocation bad = Invocation.decode(replaceSignature(good.token(), sig)).orThrow();
      assertInvalid(ErrorName.INVALID_SIGNATURE, validate(bad, List.of(root)));
    }

    @Test
    void varsigHeaderContradictingTheKeyTypeIsRefused() {
      Ipld.Dict payload = TestKit.payloadOf(root.token());
      byte[] sig = TestKit.signatureOf(root.token());
      List<String> otherHeaders = List.of(
          "3401e7011b71",         // secp256k1 with SHA2-256
          "3401ec0112000071",     // an ECDSA-style header
          "3401ed01ed011300",     // Ed25519, but the payload "raw" rather than DAG-CBOR
          "3401ed01ed011271",     // Ed25519 with SHA2-256 claimed
          "");
      for (String hex : otherHeaders) {
        byte[] token = TestKit.envelope(HexFormat.of().parseHex(hex), "ucan/dlg@1.0.0", payload, sig);
        assertFailed(ErrorName.UNSUPPORTED_SIGNATURE_TYPE, Delegation.decode(token));
      }
    }

    @Test
    void versionTagSwappedBreaksTheSignature() {
      byte[] swapped = TestKit.envelope("ucan/dlg@1.0.0-rc.1", TestKit.payloadOf(root.token()),
          TestKit.signatureOf(root.token()));
      Delegation relabelled = Delegation.decode(swapped).orThrow();
      assertEquals(UcanVersion.V1_0_0_RC1, relabelled.version());
      assertNotEquals(root.cid(), relabelled.cid());
      assertInvalid(ErrorName.INVALID_SIGNATURE, validateWithProof(swapped));
      assertFailed(ErrorName.UNSUPPORTED_VERSION, Delegation.decode(TestKit.envelope("ucan/dlg@0.9.0",
          TestKit.payloadOf(root.token()), TestKit.signatureOf(root.token()))));
      assertFailed(ErrorName.UNSUPPORTED_VERSION, Delegation.decode(TestKit.envelope("ucan/inv@1.0.0",
          TestKit.payloadOf(root.token()), TestKit.signatureOf(root.token()))), "a delegation read as an invocation");
    }

    @Test
    void nonCanonicalCborIsRefused() {
      byte[] token = root.token().toArray();
      List<byte[]> variants = new ArrayList<>();
      variants.add(LooseCbor.encode(TestKit.parts(root.token()), LooseCbor.Mode.REVERSED_KEYS));
      variants.add(LooseCbor.encode(TestKit.parts(root.token()), LooseCbor.Mode.LONG_INTEGERS));
      variants.add(LooseCbor.encode(TestKit.parts(root.token()), LooseCbor.Mode.INDEFINITE_LENGTHS));
      byte[] trailing = java.util.Arrays.copyOf(token, token.length + 1);
      variants.add(trailing);
      for (byte[] variant : variants) {
        assertFailed(ErrorName.MALFORMED_TOKEN, Delegation.decode(variant));
      }
      // Integer exp re-encoded as a float: canonical CBOR, but not a timestamp; and a new CID anyway.
      Delegation timed = Delegation.builder().audience(did(BOB)).subject(did(ALICE)).command("/")
          .expiration(NOW + 100).sign(ALICE);
      Ipld.Dict asFloat = TestKit.with(TestKit.payloadOf(timed.token()), "exp", new Ipld.Real(NOW + 100));
      byte[] floatToken = TestKit.envelope("ucan/dlg@1.0.0", asFloat, TestKit.signatureOf(timed.token()));
      assertNotEquals(timed.cid(), Cid.ofDagCbor(floatToken));
      assertFailed(ErrorName.MALFORMED_TOKEN, Delegation.decode(floatToken));
    }

    @Test
    void signatureScalarAboveTheGroupOrderIsRefused() {
      byte[] sig = TestKit.signatureOf(root.token());
      // S + L, little-endian: the same signature for a lax verifier (malleability).
      byte[] order = HexFormat.of().parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
      int carry = 0;
      for (int i = 0; i < 32; i++) {
        int sum = (sig[32 + i] & 0xff) + (order[i] & 0xff) + carry;
        sig[32 + i] = (byte) sum;
        carry = sum >>> 8;
      }
      assertInvalid(ErrorName.INVALID_SIGNATURE, validateWithProof(replaceSignature(root.token(), sig)));
    }

    @Test
    void nonCanonicalRIsRefused() {
      byte[] sig = TestKit.signatureOf(root.token());
      // y = p + 1: a non-canonical encoding of the identity point.
      byte[] r = HexFormat.of().parseHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
      System.arraycopy(r, 0, sig, 0, 32);
      assertInvalid(ErrorName.INVALID_SIGNATURE, validateWithProof(replaceSignature(root.token(), sig)));
    }

    @Test
    void signatureOf65BytesIsRefused() {
      byte[] sig = java.util.Arrays.copyOf(TestKit.signatureOf(root.token()), 65);
      assertInvalid(ErrorName.INVALID_SIGNATURE, validateWithProof(replaceSignature(root.token(), sig)));
      byte[] short63 = java.util.Arrays.copyOf(TestKit.signatureOf(root.token()), 63);
      assertInvalid(ErrorName.INVALID_SIGNATURE, validateWithProof(replaceSignature(root.token(), short63)));
    }

    @Test
    void lowOrderPublicKeyIsRefused() {
      // The identity point as a did:key, with R = identity and S = 0: [S]B = R + [k]A holds for
      // every message, so only a strict verifier (small-order key and R refused) catches it.
      byte[] identity = new byte[32];
      identity[0] = 1;
      Did lowOrder = new Did(new org.walkaway.core.PublicKey(Bytes.of(identity)));
      TreeMap<String, Ipld> payload = new TreeMap<>(Ipld.KEY_ORDER);
      payload.putAll(TestKit.payloadOf(root.token()).entries());
      payload.put("iss", new Ipld.Text(lowOrder.toString()));
      payload.put("sub", new Ipld.Text(lowOrder.toString()));
      byte[] sig = new byte[64];
      sig[0] = 1;
      byte[] token = TestKit.envelope("ucan/dlg@1.0.0", new Ipld.Dict(payload), sig);
      Delegation forged = Delegation.decode(token).orThrow();
      assertEquals(false, forged.hasValidSignature());
      Invocation invocation = Invocation.builder().subject(lowOrder).command("/x").chain(List.of(forged)).sign(BOB);
      assertInvalid(ErrorName.INVALID_SIGNATURE, validate(invocation, List.of(forged)));
    }

    @Test
    void otherDidMethodsAreRefusedWithATypedError() {
      for (String did : List.of("did:web:example.com", "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
          "did:key:z6Mk", "did:key:not-base58!")) {
        Ipld.Dict payload = TestKit.with(TestKit.payloadOf(root.token()), "aud", new Ipld.Text(did));
        assertFailed(ErrorName.UNSUPPORTED_DID, Delegation.decode(TestKit.signedEnvelope("ucan/dlg@1.0.0", payload, ALICE)));
      }
    }
  }

  /** Item 7. */
  @Nested
  class MissingProofReplayAndLimits {
    @Test
    void unresolvableCidGivesUnavailableProof() {
      Delegation root = TestKit.delegate(ALICE, BOB, ALICE, "/");
      assertInvalid(ErrorName.UNAVAILABLE_PROOF, validate(TestKit.invoke(BOB, ALICE, "/x", List.of(root)), List.of()));
      // A store answering with another delegation for the CID does not fool the validator.
      Delegation other = TestKit.delegate(ALICE, BOB, ALICE, "/x");
      ValidationResult lied = TestKit.validatorAt(NOW).validate(TestKit.invoke(BOB, ALICE, "/x", List.of(root)),
          cid -> java.util.Optional.of(other));
      assertInvalid(ErrorName.UNAVAILABLE_PROOF, lied);
    }

    @Test
    void sameInvocationExecutedTwiceIsAReplay() {
      Delegation root = TestKit.delegate(ALICE, BOB, ALICE, "/");
      Invocation invocation = TestKit.invoke(BOB, ALICE, "/x", List.of(root));
      assertValid(validate(invocation, List.of(root)));
      ReplayGuard guard = new ReplayGuard();
      assertTrue(guard.admit(invocation).isEmpty());
      assertEquals(ErrorName.REPLAYED, guard.admit(invocation).orElseThrow().name());
    }

    @Test
    void sameNonceReSignedIsAReplay() {
      ReplayGuard guard = new ReplayGuard();
      Invocation first = Invocation.builder().subject(did(BOB)).command("/x").nonce(TestKit.nonce(1)).sign(BOB);
      Invocation again = Invocation.builder().subject(did(BOB)).command("/x").nonce(TestKit.nonce(1))
          .expiration(NOW + 5).sign(BOB);
      assertNotEquals(first.cid(), again.cid());
      assertTrue(guard.admit(first).isEmpty());
      assertEquals(ErrorName.REPLAYED, guard.admit(again).orElseThrow().name());
      Invocation fresh = Invocation.builder().subject(did(BOB)).command("/x").nonce(TestKit.nonce(2)).sign(BOB);
      assertTrue(guard.admit(fresh).isEmpty());
    }

    @Test
    void chainLongerThanTheLimitIsRefused() {
      List<SigningKey> keys = new ArrayList<>();
      for (int i = 0; i < 18; i++) {
        keys.add(TestKit.key(100 + i));
      }
      List<Delegation> chain = new ArrayList<>();
      for (int i = 0; i < 17; i++) {
        chain.add(TestKit.delegate(keys.get(i), keys.get(i + 1), keys.get(0), "/"));
      }
      Invocation tooLong = TestKit.invoke(keys.get(17), keys.get(0), "/x", chain);
      assertInvalid(ErrorName.CHAIN_TOO_LONG, validate(tooLong, chain));
      List<Delegation> sixteen = chain.subList(0, 16);
      assertValid(validate(TestKit.invoke(keys.get(16), keys.get(0), "/x", sixteen), sixteen));
    }

    @Test
    void policyDeeperThanTheLimitIsRefused() {
      Policy.Statement s = new Policy.Equal(Selector.IDENTITY, Ipld.NULL);
      for (int i = 1; i < Policy.DEFAULT_MAX_DEPTH; i++) {
        s = new Policy.Not(s);
      }
      Policy deepest = Policy.of(s);
      assertInstanceOf(Decoded.Ok.class, Policy.read(deepest.toIpld()));
      Policy tooDeep = Policy.of(new Policy.Not(s));
      assertFailed(ErrorName.POLICY_TOO_DEEP, Policy.read(tooDeep.toIpld()));
      Delegation d = TestKit.delegate(ALICE, BOB, ALICE, "/");
      Ipld.Dict payload = TestKit.with(TestKit.payloadOf(d.token()), "pol", tooDeep.toIpld());
      assertFailed(ErrorName.POLICY_TOO_DEEP, Delegation.decode(TestKit.signedEnvelope("ucan/dlg@1.0.0", payload, ALICE)));
      List<Policy.Statement> many = new ArrayList<>();
      for (int i = 0; i <= Policy.DEFAULT_MAX_STATEMENTS; i++) {
        many.add(new Policy.Equal(Selector.IDENTITY, new Ipld.Int(i)));
      }
      assertFailed(ErrorName.POLICY_TOO_DEEP, Policy.read(new Policy(many).toIpld()));
    }

    @Test
    void deeplyNestedArgumentsAreRefusedWithoutStackOverflow() {
      byte[] nested = new byte[100_000];
      java.util.Arrays.fill(nested, (byte) 0x81); // array(1) of array(1) of …
      assertFailed(ErrorName.MALFORMED_TOKEN, Invocation.decode(nested));
      assertFailed(ErrorName.MALFORMED_TOKEN, Delegation.decode(new byte[] {(byte) 0x82, 0x5b, -1, -1, -1, -1, -1, -1, -1, -1}));
    }
  }
}
