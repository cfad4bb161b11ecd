/** Implementation of the ordering module. Not exported; nothing here is API. */
package org.walkaway.ordering.internal;
