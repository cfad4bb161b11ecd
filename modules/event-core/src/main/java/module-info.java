/**
 * Walkaway event-core: the ground every other Walkaway module stands on.
 *
 * <ul>
 *   <li>{@code org.walkaway.core}: keys ({@link org.walkaway.core.SigningKey},
 *       {@link org.walkaway.core.PublicKey}), BLAKE3 {@link org.walkaway.core.Hash}es, and the signed
 *       event carrier ({@link org.walkaway.core.Header}, {@link org.walkaway.core.Body},
 *       {@link org.walkaway.core.Event}) in canonical CBOR, byte-compatible with p2panda-core 0.7;</li>
 *   <li>{@code org.walkaway.core.processor}: the one-input, many-outputs {@code Processor} SPI and the
 *       {@code Pipeline} that composes processors;</li>
 *   <li>{@code org.walkaway.core.store}: the store SPI, log validation and an in-memory store;</li>
 *   <li>{@code org.walkaway.core.state}: the state-store SPI (durable, namespaced key/value records
 *       with atomic batches, for processors whose state must survive a restart) and an in-memory
 *       state store;</li>
 *   <li>{@code org.walkaway.core.spi}: the Ed25519 backend extension point.</li>
 * </ul>
 *
 * Implementation lives in {@code org.walkaway.core.internal}, which is not exported.
 */
module org.walkaway.core {
  requires org.bouncycastle.provider;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.dataformat.cbor;
  requires com.github.benmanes.caffeine;

  exports org.walkaway.core;
  exports org.walkaway.core.processor;
  exports org.walkaway.core.store;
  exports org.walkaway.core.state;
  exports org.walkaway.core.spi;

  uses org.walkaway.core.spi.Ed25519Backend;
}
