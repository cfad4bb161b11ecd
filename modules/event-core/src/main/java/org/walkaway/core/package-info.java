/**
 * Keys, hashes and the signed event carrier: {@link org.walkaway.core.SigningKey},
 * {@link org.walkaway.core.PublicKey}, {@link org.walkaway.core.Hash}, {@link org.walkaway.core.Header},
 * {@link org.walkaway.core.Body}, {@link org.walkaway.core.Event}; encoding and decoding in
 * {@link org.walkaway.core.EventCodec}; creation in {@link org.walkaway.core.EventBuilder}.
 * Nothing in this package returns or accepts {@code null}.
 */
package org.walkaway.core;
