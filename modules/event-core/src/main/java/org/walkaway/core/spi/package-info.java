/** Extension points of event-core: plug in a faster Ed25519 implementation. */
package org.walkaway.core.spi;
