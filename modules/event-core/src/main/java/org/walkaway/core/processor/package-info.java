/**
 * The processor SPI ({@link org.walkaway.core.processor.Processor},
 * {@link org.walkaway.core.processor.Downstream}), its composition
 * ({@link org.walkaway.core.processor.Pipeline}) and event-core's own stages.
 */
package org.walkaway.core.processor;
