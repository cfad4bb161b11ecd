/**
 * The encryption API: secret key types, prekey bundles, X3DH and the two-party
 * {@link org.walkaway.encryption.SecureChannel}, sealed event bodies, and the at-rest
 * {@link org.walkaway.encryption.Vault}. Peer-caused failures are
 * {@link org.walkaway.core.Verdict} rejections tagged with an
 * {@link org.walkaway.encryption.EncryptionFailure}; nothing here returns or accepts {@code null}.
 */
package org.walkaway.encryption;
