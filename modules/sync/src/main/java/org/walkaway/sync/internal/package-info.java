/**
 * Not exported: the wire format ({@link org.walkaway.sync.internal.Message}, with bounds-checked
 * {@link org.walkaway.sync.internal.ByteReader}/{@link org.walkaway.sync.internal.ByteWriter}) and the
 * range-based set reconciler ({@link org.walkaway.sync.internal.RangeReconciler}).
 */
package org.walkaway.sync.internal;
