package org.walkaway.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.walkaway.auth.internal.Multibase;
import org.walkaway.core.Bytes;

/**
 * A CIDv1 content identifier in its binary form: {@code 0x01, codec, multihash}. UCAN tokens are
 * addressed by the CIDv1 of their envelope with codec dag-cbor (0x71) and multihash sha2-256 (0x12).
 * The text form is multibase base32 lowercase ({@code bafyrei…}).
 */
public record Cid(Bytes bytes) implements Comparable<Cid> {
  public static final int DAG_CBOR = 0x71;
  public static final int SHA2_256 = 0x12;

  public Cid {
    Objects.requireNonNull(bytes, "bytes");
    if (!isWellFormed(bytes.toArray())) {
      throw new IllegalArgumentException("not a CIDv1: " + bytes.toHex());
    }
  }

  /** The CIDv1 (dag-cbor, sha2-256) of a DAG-CBOR block. */
  public static Cid ofDagCbor(byte[] block) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(block);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    byte[] cid = new byte[4 + digest.length];
    cid[0] = 0x01;
    cid[1] = DAG_CBOR;
    cid[2] = SHA2_256;
    cid[3] = (byte) digest.length;
    System.arraycopy(digest, 0, cid, 4, digest.length);
    return new Cid(Bytes.of(cid));
  }

  /** Parses the multibase base32 text form ({@code b…}). */
  public static Cid parse(CharSequence text) {
    String s = text.toString();
    if (s.isEmpty() || s.charAt(0) != 'b') {
      throw new IllegalArgumentException("expected a base32 CIDv1 (prefix 'b'): " + s);
    }
    return new Cid(Bytes.of(Multibase.decodeBase32(s.substring(1))));
  }

  /** Whether {@code data} is exactly one CIDv1 with a multihash whose length matches its digest. */
  public static boolean isWellFormed(byte[] data) {
    long[] cursor = {0};
    try {
      if (Multibase.readVarint(data, cursor) != 1) {
        return false;
      }
      Multibase.readVarint(data, cursor); // codec
      Multibase.readVarint(data, cursor); // multihash function
      long length = Multibase.readVarint(data, cursor);
      return length == data.length - cursor[0];
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether this is the CID form UCAN uses for tokens (dag-cbor, sha2-256). */
  public boolean isDagCborSha256() {
    return bytes.length() == 36 && bytes.get(1) == DAG_CBOR && bytes.get(2) == SHA2_256 && bytes.get(3) == 32;
  }

  @Override
  public int compareTo(Cid other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return "b" + Multibase.encodeBase32(bytes.toArray());
  }
}
