/**
 * Not exported. Thin wrappers over Bouncy Castle primitives (X25519, HKDF-SHA256, (X)ChaCha20-Poly1305,
 * Argon2id), HPKE composed from them per RFC 9180, the byte holder behind every secret key type, and
 * the length-prefixed transcript used for signatures, associated data and KDF info.
 */
package org.walkaway.encryption.internal;
