/**
 * Conformance vectors and the runner that checks event-core against them. Start at
 * {@link org.walkaway.conformance.EventCoreConformance}.
 */
package org.walkaway.conformance;
