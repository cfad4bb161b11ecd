/**
 * Decentralised continuous group key agreement (Weidner et al., CCS 2021) and the data scheme on top
 * of it. {@link org.walkaway.encryption.dcgka.Dcgka} is one member's sans-IO state machine: local
 * commands and causally ordered control messages in; control messages, pairwise
 * {@link org.walkaway.encryption.dcgka.DirectMessage}s and
 * {@link org.walkaway.encryption.dcgka.UpdateSecret}s out. Who is in the group is a
 * {@link org.walkaway.encryption.dcgka.GroupMembership} ({@link org.walkaway.encryption.dcgka.AckedMembership}
 * built in); prekey bundles come from a {@link org.walkaway.encryption.dcgka.PrekeyDirectory}.
 * {@link org.walkaway.encryption.dcgka.GroupDataScheme} turns update secrets into data-encryption
 * group secrets; {@link org.walkaway.encryption.dcgka.DcgkaCodec} is the wire form.
 */
package org.walkaway.encryption.dcgka;
