package org.walkaway.encryption.dcgka;

import java.util.Optional;
import org.walkaway.core.PublicKey;
import org.walkaway.encryption.PrekeyBundle;

/**
 * Where DCGKA finds a member's published {@link PrekeyBundle} the first time it must send that member
 * a direct message (to open the pairwise channel). A directory that hands out one-time prekeys
 * should hand each out once; the bundle is verified before use.
 */
@FunctionalInterface
public interface PrekeyDirectory {
  Optional<PrekeyBundle> bundleOf(PublicKey member);
}
