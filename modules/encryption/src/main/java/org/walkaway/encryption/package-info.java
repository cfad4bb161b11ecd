/**
 * The encryption API: secret key types, prekey bundles, X3DH and the two-party
 * {@link org.walkaway.encryption.SecureChannel}, sealed event bodies, the message scheme's
 * ratchets and its {@link org.walkaway.encryption.GroupDecryptor} stage, wire codecs, and the at-rest
 * {@link org.walkaway.encryption.Vault}. Peer-caused failures are
 * {@link org.walkaway.core.Verdict} rejections tagged with an
 * {@link org.walkaway.encryption.EncryptionFailure}; nothing here returns or accepts {@code null}.
 */
package org.walkaway.encryption;
