package org.walkaway.encryption.dcgka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.EncryptionFailure;
import org.walkaway.encryption.LocalIdentity;
import org.walkaway.encryption.SymmetricKey;
import org.walkaway.encryption.internal.Hkdf;
import org.walkaway.encryption.internal.Transcript;

/**
 * Decentralised continuous group key agreement: one member's state in one group, after Weidner,
 * Kleppmann, Hugenroth and Beresford, "Key Agreement for Decentralized Secure Group Messaging with
 * Strong Security Guarantees" (CCS 2021, eprint 2020/1281), Algorithms 1-4.
 *
 * <h2>What it computes</h2>
 * Each member keeps an outer KDF ratchet per member. Every step of member S's ratchet yields an
 * {@link UpdateSecret} (S, generation); all members derive the same sequence for S, because only S's
 * own control messages step S's ratchet and the caller delivers them in causal order.
 *
 * <pre>
 *   update / remove / create by S          every recipient R (members S knew, minus the removed)
 *   seed ──2SM──▶ R                        member secret m_X = HKDF(seed, X) for each X
 *   S's ratchet ◀── m_S                    R's ratchet ◀── m_R when R's ack is processed
 *   broadcast: Update | Remove | Create    broadcast: Ack(op) (+ Forward of m_R to newcomers
 *                                          that R knows of and S did not: paper §6.2.5)
 *
 *   add of N by S: S's ratchet steps with "welcome" (→ N's first member secret) and "add";
 *   S sends N a Welcome (history + S's ratchet state); every other member R answers AddAck(op),
 *   steps its own ratchet with "add" and forwards its ratchet state (before that step) to N.
 * </pre>
 *
 * A removal gives every remaining member a fresh seed that the removed member never sees, and each
 * remaining member's ack mixes its member secret into its own ratchet: after the removal and its acks
 * are processed, no secret the removed member holds predicts any later update secret (catalogue item
 * 16). The same holds after any member's update for a snapshot of that member's old state (item 19).
 *
 * <h2>How to drive it</h2>
 * Sans-IO and single-threaded. A local command ({@link #create}, {@link #add}, {@link #remove},
 * {@link #update}) returns the control message to broadcast and the direct messages to send; the
 * caller wraps them into its event, learns the event's id, and calls {@link #confirm} with it, which
 * returns the new update secrets. Messages from others go to {@link #receive} in causal order, each
 * with the one direct message addressed to this member, if any; it returns an ack to broadcast (with
 * direct messages) and update secrets. A newcomer must be given every control message that is not in
 * the causal past of the add that welcomed it. Direct messages are {@link
 * org.walkaway.encryption.SecureChannel} messages, opened with bundles from a {@link PrekeyDirectory}.
 *
 * <h2>Limits</h2>
 * A refused message changes nothing, except a welcome whose history the membership record refuses
 * part-way (the newcomer then cannot join through it). Once this member is removed it ignores
 * everything.
 */
public final class Dcgka {
  static final String MEMBER_SECRET_LABEL = "walkaway/dcgka/member-secret/v1";
  static final String RATCHET_LABEL = "walkaway/dcgka/ratchet/v1";
  static final byte[] WELCOME_INPUT = "walkaway/dcgka/welcome/v1".getBytes(StandardCharsets.US_ASCII);
  static final byte[] ADD_INPUT = "walkaway/dcgka/add/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int RATCHET_STATE_LENGTH = 8 + SymmetricKey.LENGTH;

  /** What a local command produces: broadcast {@code control}, send each direct message, then {@link #confirm}. */
  public record Outgoing(ControlMessage control, List<DirectMessage> directMessages) {
    public Outgoing {
      Objects.requireNonNull(control, "control");
      directMessages = List.copyOf(directMessages);
    }
  }

  /** A control message from another member, with the direct message for this member if it had one. */
  public record Received(Hash id, PublicKey sender, ControlMessage control, Optional<DirectMessage> directMessage) {
    public Received {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(control, "control");
      Objects.requireNonNull(directMessage, "directMessage");
    }
  }

  /** What processing a received message produced: an ack to broadcast (with its direct messages) and update secrets. */
  public record Outcome(
      Optional<ControlMessage> reply, List<DirectMessage> directMessages, List<UpdateSecret> updateSecrets, Optional<Bytes> welcomeAttachment) {
    static final Outcome NOTHING = new Outcome(Optional.empty(), List.of(), List.of(), Optional.empty());

    public Outcome {
      Objects.requireNonNull(reply, "reply");
      directMessages = List.copyOf(directMessages);
      updateSecrets = List.copyOf(updateSecrets);
      Objects.requireNonNull(welcomeAttachment, "welcomeAttachment");
    }
  }

  private sealed interface Pending {}

  private record PendingSeed(ControlMessage control, SymmetricKey seed) implements Pending {}

  private record PendingAdd(PublicKey added) implements Pending {}

  private record Ratchet(SymmetricKey chain, long generation) {}

  private record MemberSecretKey(Hash operation, PublicKey member) {}

  /** A peer broke the protocol: unwinds to {@link #receive}, which turns it into a rejection. */
  private static final class Refusal extends RuntimeException {
    private final transient Rejection rejection;

    Refusal(Rejection rejection) {
      super(rejection.message(), null, false, false);
      this.rejection = rejection;
    }
  }

  private final PublicKey self;
  private final GroupMembership membership;
  private final PairwiseChannels channels;
  private final RandomGenerator random;
  private final Map<PublicKey, Ratchet> ratchets = new HashMap<>();
  private final Map<MemberSecretKey, SymmetricKey> memberSecrets = new HashMap<>();
  private Pending pending;
  private boolean joined;
  private boolean removed;

  private Dcgka(LocalIdentity local, PrekeyDirectory directory, GroupMembership membership, RandomGenerator random, InstantSource clock) {
    this.self = local.identity();
    this.membership = membership;
    this.random = random;
    this.channels = new PairwiseChannels(local, directory, random, clock);
  }

  /**
   * A member's state before it is in any group: it then either {@link #create}s one or waits for
   * the add that welcomes it. Membership is tracked by {@link AckedMembership}. Pass a
   * {@link java.security.SecureRandom} outside tests.
   */
  public static Dcgka of(LocalIdentity local, PrekeyDirectory directory, RandomGenerator random, InstantSource clock) {
    return of(local, directory, new AckedMembership(), random, clock);
  }

  /** As {@link #of(LocalIdentity, PrekeyDirectory, RandomGenerator, InstantSource)}, with another membership record (empty). */
  public static Dcgka of(
      LocalIdentity local, PrekeyDirectory directory, GroupMembership membership, RandomGenerator random, InstantSource clock) {
    return new Dcgka(Objects.requireNonNull(local, "local"), Objects.requireNonNull(directory, "directory"),
        Objects.requireNonNull(membership, "membership"), Objects.requireNonNull(random, "random"),
        Objects.requireNonNull(clock, "clock"));
  }

  public PublicKey self() {
    return self;
  }

  /** The members as this member sees them (empty before joining). */
  public Set<PublicKey> members() {
    return joined ? Set.copyOf(membership.members()) : Set.of();
  }

  /** True once this member created or joined the group and until it processes its own removal. */
  public boolean isMember() {
    return joined && !removed;
  }

  // ---- local commands ------------------------------------------------------------------------

  /** Creates a group of {@code members} (this member is added if missing). */
  public Outgoing create(Collection<PublicKey> members) {
    checkReadyForCommand();
    if (joined) {
      throw new IllegalStateException("this member is already in the group");
    }
    TreeSet<PublicKey> all = new TreeSet<>(members);
    all.add(self);
    ControlMessage.Create control = new ControlMessage.Create(List.copyOf(all));
    return generateSeed(control, all.stream().filter(m -> !m.equals(self)).toList());
  }

  /** A post-compromise-security update: a fresh seed for every other member. */
  public Outgoing update() {
    checkMember();
    return generateSeed(new ControlMessage.Update(), others(membership.members()));
  }

  /** Removes {@code member}; every other member gets a fresh seed. */
  public Outgoing remove(PublicKey member) {
    checkMember();
    Set<PublicKey> members = membership.members();
    if (member.equals(self) || !members.contains(member)) {
      throw new IllegalArgumentException(member + " is not another member of the group");
    }
    return generateSeed(new ControlMessage.Remove(member),
        others(members).stream().filter(m -> !m.equals(member)).toList());
  }

  /** Adds {@code member}, who receives a welcome with the history and this member's ratchet state. */
  public Outgoing add(PublicKey member) {
    return add(member, new byte[0]);
  }

  /**
   * As {@link #add(PublicKey)}, with {@code attachment} sealed into the welcome next to the ratchet
   * state (the data scheme sends past group secrets this way); the newcomer finds it in
   * {@link Outcome#welcomeAttachment()}.
   */
  public Outgoing add(PublicKey member, byte[] attachment) {
    checkMember();
    if (membership.members().contains(member)) {
      throw new IllegalArgumentException(member + " is already a member");
    }
    byte[] state = ratchetState(self);
    byte[] plaintext = Arrays.copyOf(state, state.length + attachment.length);
    System.arraycopy(attachment, 0, plaintext, state.length, attachment.length);
    Arrays.fill(state, (byte) 0);
    DirectMessage.Sealed sealed = channels.seal(member, plaintext);
    Arrays.fill(plaintext, (byte) 0);
    pending = new PendingAdd(member);
    return new Outgoing(new ControlMessage.Add(member),
        List.of(new DirectMessage.Welcome(member, membership.history(), sealed)));
  }

  /**
   * Applies the command returned last, now that the caller knows the id ({@code id}) of the message
   * that carries it, and returns this member's new update secret(s).
   */
  public List<UpdateSecret> confirm(Hash id) {
    Objects.requireNonNull(id, "id");
    Pending confirmed = pending;
    if (confirmed == null) {
      throw new IllegalStateException("no command to confirm");
    }
    pending = null;
    List<UpdateSecret> secrets = new ArrayList<>();
    switch (confirmed) {
      case PendingSeed seed -> {
        switch (seed.control()) {
          case ControlMessage.Create create -> {
            record(new MembershipOperation.Create(self, id, create.members()));
            joined = true;
          }
          case ControlMessage.Remove remove -> record(new MembershipOperation.Remove(self, id, remove.removed()));
          default -> { }
        }
        processSeed(id, self, Optional.of(seed.seed()), new ArrayList<>(), secrets);
      }
      case PendingAdd add -> processAdd(id, self, add.added(), new ArrayList<>(), secrets);
    }
    return secrets;
  }

  // ---- received messages ---------------------------------------------------------------------

  /**
   * Processes another member's control message (in causal order) and the direct message for this
   * member that came with it. Rejected, with nothing derived, when a peer broke the protocol: a
   * direct message that is missing, addressed to another member, of the wrong kind, or does not open.
   */
  public Verdict<Outcome> receive(Received message) {
    Objects.requireNonNull(message, "message");
    if (pending != null) {
      throw new IllegalStateException("confirm the last command before processing other messages");
    }
    if (message.sender().equals(self)) {
      throw new IllegalArgumentException("this member's own messages are applied by confirm, not received");
    }
    if (removed) {
      return Verdict.accepted(Outcome.NOTHING);
    }
    boolean welcomesMe = message.control() instanceof ControlMessage.Add add && add.added().equals(self);
    if (!joined && !welcomesMe && !(message.control() instanceof ControlMessage.Create)) {
      return refuse(EncryptionFailure.MALFORMED, "not in the group yet: only a create or a welcome can be processed");
    }
    Optional<Bytes> plaintext = Optional.empty();
    if (message.directMessage().isPresent()) {
      DirectMessage direct = message.directMessage().get();
      if (!direct.recipient().equals(self)) {
        return refuse(EncryptionFailure.MALFORMED, "a direct message for " + direct.recipient() + " was handed to " + self);
      }
      if (!kindFits(message.control(), direct)) {
        // Refused before opening, so that the channel does not count the message as received.
        return refuse(EncryptionFailure.MALFORMED, "a " + direct.getClass().getSimpleName() + " cannot come with "
            + message.control().getClass().getSimpleName());
      }
      Verdict<Bytes> opened = channels.open(message.sender(), direct.sealed());
      if (opened instanceof Verdict.Rejected<Bytes> rejected) {
        return Verdict.rejected(rejected.rejection());
      }
      plaintext = Optional.of(opened.orElseThrow());
    }
    List<DirectMessage> directs = new ArrayList<>();
    List<UpdateSecret> secrets = new ArrayList<>();
    Optional<ControlMessage> reply;
    Optional<Bytes> attachment = Optional.empty();
    try {
      if (welcomesMe && plaintext.isPresent() && plaintext.get().length() >= RATCHET_STATE_LENGTH) {
        // Only the welcome that lets this member in hands its attachment on; a second one (added
        // twice concurrently) is processed for its ratchet state only.
        if (!joined) {
          attachment = Optional.of(plaintext.get().slice(RATCHET_STATE_LENGTH, plaintext.get().length()));
        }
        plaintext = Optional.of(plaintext.get().slice(0, RATCHET_STATE_LENGTH));
      }
      checkShape(message, plaintext);
      reply = dispatch(message, plaintext, directs, secrets);
    } catch (Refusal refusal) {
      return Verdict.rejected(refusal.rejection);
    }
    if (joined && !membership.members().contains(self)) {
      becomeRemoved();
      return Verdict.accepted(Outcome.NOTHING);
    }
    return Verdict.accepted(new Outcome(reply, directs, secrets, attachment));
  }

  private Optional<ControlMessage> dispatch(
      Received message, Optional<Bytes> plaintext, List<DirectMessage> directs, List<UpdateSecret> secrets) {
    Hash id = message.id();
    PublicKey sender = message.sender();
    return switch (message.control()) {
      case ControlMessage.Create create -> {
        if (joined || !create.members().contains(self) || !create.members().contains(sender)) {
          throw refusal("a create that does not include this member and its sender, or a second create");
        }
        Optional<SymmetricKey> seed = seedFrom(plaintext, message, true);
        record(new MembershipOperation.Create(sender, id, create.members()));
        joined = true;
        yield processSeed(id, sender, seed, directs, secrets);
      }
      case ControlMessage.Update update ->
          processSeed(id, sender, seedFrom(plaintext, message, view(sender).contains(self)), directs, secrets);
      case ControlMessage.Remove remove -> {
        // Checked before recording the removal, so that a refusal changes nothing. Recording it can
        // take this member out of the sender's view only when it is the one removed.
        boolean expected = view(sender).contains(self) && !remove.removed().equals(self);
        Optional<SymmetricKey> seed = seedFrom(plaintext, message, expected);
        record(new MembershipOperation.Remove(sender, id, remove.removed()));
        yield processSeed(id, sender, seed, directs, secrets);
      }
      case ControlMessage.Add add -> {
        if (add.added().equals(self)) {
          yield processWelcome(message, plaintext, secrets);
        }
        expectNoDirect(plaintext, "add");
        yield processAdd(id, sender, add.added(), directs, secrets);
      }
      case ControlMessage.Ack ack -> {
        processAck(sender, ack.acknowledged(), plaintext, secrets);
        yield Optional.empty();
      }
      case ControlMessage.AddAck addAck -> {
        processAddAck(sender, addAck.acknowledged(), plaintext, secrets);
        yield Optional.empty();
      }
    };
  }

  // ---- the paper's process-* functions -------------------------------------------------------

  /**
   * process-seed: derives every recipient's member secret from the seed, steps the sender's ratchet,
   * and (for a received seed) acks, forwarding this member's own member secret to newcomers the
   * sender did not know about (§6.2.5).
   */
  private Optional<ControlMessage> processSeed(
      Hash id, PublicKey sender, Optional<SymmetricKey> seed, List<DirectMessage> directs, List<UpdateSecret> secrets) {
    // This member's own view is every operation it processed (the same set its acks announced).
    Set<PublicKey> recipients = new HashSet<>(view(sender));
    recipients.remove(sender);
    if (seed.isEmpty()) {
      // Not a recipient: added concurrently with this message (the forwards of others cover it), or
      // removed by it (then receive() retires this member and the ack is never sent).
      if (membership.members().contains(self)) {
        processAck(self, id, Optional.empty(), secrets);
      }
      return Optional.of(new ControlMessage.Ack(id));
    }
    byte[] seedBytes = seed.get().bytes(InsecureSecretAccess.get());
    for (PublicKey recipient : recipients) {
      memberSecrets.put(new MemberSecretKey(id, recipient), memberSecret(seedBytes, recipient));
    }
    SymmetricKey senderSecret = memberSecret(seedBytes, sender);
    Arrays.fill(seedBytes, (byte) 0);
    seed.get().destroy();
    secrets.add(stepRatchet(sender, senderSecret));
    if (sender.equals(self)) {
      return Optional.empty();
    }
    SymmetricKey mine = memberSecrets.get(new MemberSecretKey(id, self));
    if (mine == null) {
      throw refusal("sent a seed to " + self + ", which it did not count as a member");
    }
    for (PublicKey member : membership.members()) {
      if (!member.equals(self) && !member.equals(sender) && !recipients.contains(member)) {
        directs.add(new DirectMessage.Forward(member, channels.seal(member, mine.bytes(InsecureSecretAccess.get()))));
      }
    }
    processAck(self, id, Optional.empty(), secrets);
    return Optional.of(new ControlMessage.Ack(id));
  }

  /** process-ack: records the ack and steps the acker's ratchet with its member secret (held, or forwarded to us). */
  private void processAck(PublicKey acker, Hash acknowledged, Optional<Bytes> forwarded, List<UpdateSecret> secrets) {
    MemberSecretKey key = new MemberSecretKey(acknowledged, acker);
    if (forwarded.isPresent() && memberSecrets.containsKey(key)) {
      throw refusal("forwarded a member secret that this member derived itself");
    }
    if (membership.isMembershipChange(acknowledged)) {
      record(new MembershipOperation.Ack(acker, acknowledged));
    }
    SymmetricKey secret = memberSecrets.remove(key);
    if (secret == null && forwarded.isPresent()) {
      secret = symmetricKey(forwarded.get(), "a forwarded member secret");
    }
    if (secret != null) {
      secrets.add(stepRatchet(acker, secret));
    }
  }

  /** process-add, for everyone but the newcomer. */
  private Optional<ControlMessage> processAdd(
      Hash id, PublicKey adder, PublicKey added, List<DirectMessage> directs, List<UpdateSecret> secrets) {
    record(new MembershipOperation.Add(adder, id, added));
    if (adder.equals(self) || view(adder).contains(self)) {
      // Everyone who knew the adder steps its ratchet twice with constants: the newcomer may learn
      // these secrets, and learns nothing older.
      memberSecrets.put(new MemberSecretKey(id, added), stepRatchet(adder, WELCOME_INPUT).secret());
      secrets.add(stepRatchet(adder, ADD_INPUT));
    }
    if (adder.equals(self) || !membership.members().contains(added)) {
      // The adder has nothing to acknowledge; an add cancelled by its adder's removal gets no ratchet.
      return Optional.empty();
    }
    directs.add(new DirectMessage.Forward(added, channels.seal(added, ratchetState(self))));
    processAddAck(self, id, Optional.empty(), secrets);
    return Optional.of(new ControlMessage.AddAck(id));
  }

  /** process-add-ack: a newcomer takes the acker's ratchet state; everyone who is known to the acker steps it with "add". */
  private void processAddAck(PublicKey acker, Hash acknowledged, Optional<Bytes> forwarded, List<UpdateSecret> secrets) {
    record(new MembershipOperation.Ack(acker, acknowledged));
    if (forwarded.isPresent()) {
      installRatchet(acker, forwarded.get());
    }
    if (view(acker).contains(self) && (ratchets.containsKey(acker) || acker.equals(self))) {
      secrets.add(stepRatchet(acker, ADD_INPUT));
    }
  }

  /** process-welcome: the newcomer adopts the history, takes the adder's ratchet and acks. */
  private Optional<ControlMessage> processWelcome(Received message, Optional<Bytes> plaintext, List<UpdateSecret> secrets) {
    if (joined) {
      // Added again, concurrently, by a member that had not seen the first add: record it as every
      // other member does, and take that adder's ratchet from this welcome so as to step it exactly
      // as they do. Nothing to acknowledge: this member is already in.
      record(new MembershipOperation.Add(message.sender(), message.id(), self));
      if (plaintext.isPresent() && view(message.sender()).contains(self)) {
        installRatchet(message.sender(), plaintext.get());
        stepRatchet(message.sender(), WELCOME_INPUT).destroy();
        secrets.add(stepRatchet(message.sender(), ADD_INPUT));
      }
      return Optional.empty();
    }
    if (!(message.directMessage().orElse(null) instanceof DirectMessage.Welcome welcome) || plaintext.isEmpty()) {
      throw refusal("an add of this member came without a welcome");
    }
    for (MembershipOperation operation : welcome.history()) {
      record(operation);
    }
    record(new MembershipOperation.Add(message.sender(), message.id(), self));
    joined = true;
    installRatchet(message.sender(), plaintext.get());
    memberSecrets.put(new MemberSecretKey(message.id(), self), stepRatchet(message.sender(), WELCOME_INPUT).secret());
    secrets.add(stepRatchet(message.sender(), ADD_INPUT));
    processAck(self, message.id(), Optional.empty(), secrets);
    return Optional.of(new ControlMessage.Ack(message.id()));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private Outgoing generateSeed(ControlMessage control, List<PublicKey> recipients) {
    SymmetricKey seed = SymmetricKey.generate(random);
    byte[] seedBytes = seed.bytes(InsecureSecretAccess.get());
    List<DirectMessage> directs = new ArrayList<>(recipients.size());
    for (PublicKey recipient : recipients) {
      directs.add(new DirectMessage.Seed(recipient, channels.seal(recipient, seedBytes)));
    }
    Arrays.fill(seedBytes, (byte) 0);
    pending = new PendingSeed(control, seed);
    return new Outgoing(control, directs);
  }

  private Optional<SymmetricKey> seedFrom(Optional<Bytes> plaintext, Received message, boolean expected) {
    if (expected && !(message.directMessage().orElse(null) instanceof DirectMessage.Seed)) {
      throw refusal(message.sender() + " sent no seed to " + self + " with " + message.id());
    }
    if (!expected && plaintext.isPresent()) {
      throw refusal(message.sender() + " sent a seed to " + self + ", which it did not count as a member");
    }
    return plaintext.map(bytes -> symmetricKey(bytes, "a seed"));
  }

  private static boolean kindFits(ControlMessage control, DirectMessage direct) {
    return switch (control) {
      case ControlMessage.Create create -> direct instanceof DirectMessage.Seed;
      case ControlMessage.Update update -> direct instanceof DirectMessage.Seed;
      case ControlMessage.Remove remove -> direct instanceof DirectMessage.Seed;
      case ControlMessage.Add add -> direct instanceof DirectMessage.Welcome;
      case ControlMessage.Ack ack -> direct instanceof DirectMessage.Forward;
      case ControlMessage.AddAck addAck -> direct instanceof DirectMessage.Forward;
    };
  }

  /**
   * Refuses, before any state but the channel's changes, an opened direct message of the wrong
   * length for its control message, so that the refusals left for later are the membership record's.
   */
  private static void checkShape(Received message, Optional<Bytes> plaintext) {
    if (plaintext.isEmpty()) {
      return;
    }
    int length = plaintext.get().length();
    int expected = switch (message.control()) {
      case ControlMessage.Add add -> RATCHET_STATE_LENGTH;
      case ControlMessage.AddAck addAck -> RATCHET_STATE_LENGTH;
      default -> SymmetricKey.LENGTH;
    };
    if (length != expected) {
      throw refusal("a direct message of " + length + " bytes with " + message.control().getClass().getSimpleName()
          + ", expected " + expected);
    }
    if (length == RATCHET_STATE_LENGTH && plaintext.get().get(0) < 0) {
      throw refusal("a ratchet state with a negative generation");
    }
  }

  private static void expectNoDirect(Optional<Bytes> plaintext, String what) {
    if (plaintext.isPresent()) {
      throw refusal("an unexpected direct message came with an " + what);
    }
  }

  /** Who {@code member} counted as members when it sent its latest message; for this member, everything processed. */
  private Set<PublicKey> view(PublicKey member) {
    return member.equals(self) ? membership.members() : membership.viewOf(member);
  }

  private void record(MembershipOperation operation) {
    if (membership.apply(operation) instanceof Verdict.Rejected<MembershipOperation> rejected) {
      throw new Refusal(rejected.rejection());
    }
  }

  private UpdateSecret stepRatchet(PublicKey member, byte[] input) {
    Ratchet previous = ratchets.get(member);
    byte[] salt = previous == null ? new byte[0] : previous.chain().bytes(InsecureSecretAccess.get());
    byte[] info = Transcript.of(RATCHET_LABEL).add(member.bytes().toArray()).toByteArray();
    byte[] output = Hkdf.derive(salt, input, info, 2 * SymmetricKey.LENGTH);
    Arrays.fill(salt, (byte) 0);
    long generation = previous == null ? 0 : previous.generation() + 1;
    ratchets.put(member, new Ratchet(SymmetricKey.fromBytes(Arrays.copyOfRange(output, 32, 64)), generation));
    SymmetricKey update = SymmetricKey.fromBytes(Arrays.copyOf(output, 32));
    Arrays.fill(output, (byte) 0);
    if (previous != null) {
      previous.chain().destroy();
    }
    return new UpdateSecret(member, generation, update);
  }

  private UpdateSecret stepRatchet(PublicKey member, SymmetricKey input) {
    byte[] bytes = input.bytes(InsecureSecretAccess.get());
    input.destroy();
    try {
      return stepRatchet(member, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static SymmetricKey memberSecret(byte[] seed, PublicKey member) {
    byte[] info = Transcript.of(MEMBER_SECRET_LABEL).add(member.bytes().toArray()).toByteArray();
    byte[] derived = Hkdf.derive(new byte[0], seed, info, SymmetricKey.LENGTH);
    SymmetricKey key = SymmetricKey.fromBytes(derived);
    Arrays.fill(derived, (byte) 0);
    return key;
  }

  /** A ratchet state on the wire: generation (8 bytes, big-endian), then the chain key. */
  private byte[] ratchetState(PublicKey member) {
    Ratchet ratchet = ratchets.get(member);
    if (ratchet == null) {
      throw new IllegalStateException("no ratchet for " + member + " yet");
    }
    byte[] chain = ratchet.chain().bytes(InsecureSecretAccess.get());
    byte[] state = ByteBuffer.allocate(RATCHET_STATE_LENGTH).putLong(ratchet.generation()).put(chain).array();
    Arrays.fill(chain, (byte) 0);
    return state;
  }

  private void installRatchet(PublicKey member, Bytes state) {
    if (state.length() != RATCHET_STATE_LENGTH) {
      throw refusal("a ratchet state is " + RATCHET_STATE_LENGTH + " bytes, got " + state.length());
    }
    byte[] bytes = state.toArray();
    long generation = ByteBuffer.wrap(bytes).getLong();
    if (generation < 0) {
      throw refusal("a negative ratchet generation");
    }
    Ratchet previous = ratchets.put(member,
        new Ratchet(SymmetricKey.fromBytes(Arrays.copyOfRange(bytes, 8, RATCHET_STATE_LENGTH)), generation));
    Arrays.fill(bytes, (byte) 0);
    if (previous != null) {
      previous.chain().destroy();
    }
  }

  private static SymmetricKey symmetricKey(Bytes bytes, String what) {
    if (bytes.length() != SymmetricKey.LENGTH) {
      throw refusal(what + " is 32 bytes, got " + bytes.length());
    }
    byte[] raw = bytes.toArray();
    SymmetricKey key = SymmetricKey.fromBytes(raw);
    Arrays.fill(raw, (byte) 0);
    return key;
  }

  private List<PublicKey> others(Set<PublicKey> members) {
    return members.stream().filter(m -> !m.equals(self)).sorted().toList();
  }

  private void becomeRemoved() {
    removed = true;
    ratchets.values().forEach(r -> r.chain().destroy());
    ratchets.clear();
    memberSecrets.values().forEach(SymmetricKey::destroy);
    memberSecrets.clear();
  }

  private void checkReadyForCommand() {
    if (pending != null) {
      throw new IllegalStateException("confirm the last command first");
    }
  }

  private void checkMember() {
    checkReadyForCommand();
    if (!isMember()) {
      throw new IllegalStateException("not a member of the group");
    }
  }

  private static Refusal refusal(String detail) {
    return new Refusal(EncryptionFailure.MALFORMED.rejection(detail));
  }

  private static <T> Verdict<T> refuse(EncryptionFailure failure, String detail) {
    return Verdict.rejected(failure.rejection(detail));
  }

  /** Test access: copies of the ratchet chain keys and unused member secrets (what a state compromise reveals). */
  record StateSnapshot(Map<PublicKey, byte[]> chains, List<byte[]> memberSecrets) {}

  StateSnapshot snapshotForTest() {
    Map<PublicKey, byte[]> chains = new HashMap<>();
    ratchets.forEach((member, ratchet) -> chains.put(member, ratchet.chain().bytes(InsecureSecretAccess.get())));
    List<byte[]> held = memberSecrets.values().stream().map(k -> k.bytes(InsecureSecretAccess.get())).toList();
    return new StateSnapshot(chains, held);
  }

  /** Test access: one outer-ratchet step from {@code chain} with {@code input}: update secret, then next chain. */
  static byte[][] ratchetStepForTest(PublicKey member, byte[] chain, byte[] input) {
    byte[] info = Transcript.of(RATCHET_LABEL).add(member.bytes().toArray()).toByteArray();
    byte[] output = Hkdf.derive(chain, input, info, 2 * SymmetricKey.LENGTH);
    return new byte[][] {Arrays.copyOf(output, 32), Arrays.copyOfRange(output, 32, 64)};
  }

  /** How many pairwise channels this member holds (for tests and benchmarks). */
  int channelCount() {
    return channels.size();
  }

  @Override
  public String toString() {
    return "Dcgka[self=" + self + ", joined=" + joined + ", removed=" + removed + ", secrets=<redacted>]";
  }
}
