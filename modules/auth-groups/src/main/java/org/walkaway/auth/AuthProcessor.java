package org.walkaway.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.walkaway.auth.internal.DagCbor;
import org.walkaway.auth.internal.TokenException;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;
import org.walkaway.core.processor.Downstream;
import org.walkaway.core.processor.Processor;

/**
 * The auth stage of the inbound pipeline: it admits an event only if its author may write to the
 * event's log at the event's causal point, and refuses it with {@link Rejection.Reason#REFUSED} and
 * the precise reason otherwise.
 *
 * <pre>
 *   event ─┬─ group-operation log ─▶ GroupOperation ─▶ Groups.receive ─▶ emitted once its
 *          │                                                            dependencies are applied
 *          ├─ token log ─▶ Delegation (proofs) or Revocation (revocation set) ─▶ emitted at once
 *          └─ data log ─▶ causal point known? ── no ──▶ held (bounded) ──┐
 *                              │ yes                                      │ re-evaluated when a group
 *                              ▼                                          │ operation, an event, a proof
 *               group: WRITE at the causal point, no revocation unseen ◀─┘ or a revocation arrives
 *               or capability: a valid UCAN chain to the log's subject
 *                              │
 *                  admit (emit) / refuse (reject with reason)
 * </pre>
 *
 * <p><b>Causal point.</b> An event's causal point is the set of group operations in its causal
 * past: those its {@code previous} ids name, and, through events it names (its backlink, the
 * previous event of its own log, and data events in {@code previous}), those of the events before
 * it. An event whose dependencies this stage has not seen yet (a group operation still missing, an
 * event not admitted yet) is undecidable and held; one that depends on a refused event is refused.
 * Writers therefore cite, in {@code previous}, the latest group operations they have seen.
 *
 * <p><b>Group operations</b> are admitted (emitted, so they are stored and forwarded) once their
 * dependencies are applied, whether the CRDT finds them valid or not: their effect is decided by
 * {@link Groups} from the whole set, which every peer must see to converge. Malformed ones are refused.
 *
 * <p><b>Capability tokens</b> travel as events in the policy's capability-token logs
 * ({@link TopicPolicy#withCapabilityTokens}): one signed token per event, a {@link Delegation} by its
 * issuer or audience (it becomes a proof the chains of later and held events can cite) or a
 * {@link Revocation} by its revoker (it joins the revocation set, before or after the delegation
 * it names; one by someone outside the chain is kept and has no effect). Either way held events are
 * re-evaluated: a write that arrived before the delegation it needs is released by it.
 *
 * <p><b>What it cannot undo.</b> An event admitted before the revocation of its author arrived stays
 * admitted (outputs cannot be recalled); an application that needs to re-check history asks
 * {@link Groups#checkWrite} again.
 */
public final class AuthProcessor implements Processor<Event, Event> {
  private final TopicPolicy policy;
  private final Groups groups;
  private final ChainValidator validator;
  private final CausalOrder causalOrder;
  private final int maxHeld;
  private final Map<Cid, Delegation> proofs = new HashMap<>();
  private RevocationSet revocations = RevocationSet.empty();
  private final Map<Hash, Set<Hash>> causalPointOf = new HashMap<>();
  private final Map<Hash, Event> groupOperationEvents = new HashMap<>();
  private final LinkedHashMap<Hash, Event> held = new LinkedHashMap<>();
  private final Set<Hash> refused = new HashSet<>();

  private sealed interface Decision {}

  private record Admit(Set<Hash> causalPoint) implements Decision {}

  private record Refuse(String reason) implements Decision {}

  private record Hold(String why) implements Decision {}

  /**
   * @param policy which logs carry group operations and who governs the others
   * @param groups the group CRDT replica this stage feeds and consults
   * @param validator checks capability chains (its clock decides expiry)
   * @param causalOrder what else is known of the order between data events and group operations
   * @param maxHeld how many undecidable data events are held; beyond, the oldest is refused
   */
  public AuthProcessor(TopicPolicy policy, Groups groups, ChainValidator validator, CausalOrder causalOrder, int maxHeld) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.groups = Objects.requireNonNull(groups, "groups");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.causalOrder = Objects.requireNonNull(causalOrder, "causalOrder");
    if (maxHeld < 0) {
      throw new IllegalArgumentException("maxHeld must not be negative: " + maxHeld);
    }
    this.maxHeld = maxHeld;
  }

  @Override
  public void process(Event event, Downstream<Event> out) throws InterruptedException {
    Objects.requireNonNull(event, "event");
    if (causalPointOf.containsKey(event.id()) || held.containsKey(event.id()) || refused.contains(event.id())) {
      return; // already decided or held: delivery is idempotent
    }
    if (policy.carriesGroupOperations(event.logId())) {
      processGroupOperation(event, out);
    } else if (policy.carriesCapabilityTokens(event.logId())) {
      processCapabilityToken(event, out);
    } else {
      settle(event, decide(event), out);
    }
    reevaluate(out);
  }

  /**
   * Makes delegations the application holds locally available as proofs, then re-evaluates held
   * events. Delegations from peers arrive as events in the policy's capability-token logs instead
   * ({@link TopicPolicy#withCapabilityTokens}).
   */
  public void addProofs(Collection<Delegation> delegations, Downstream<Event> out) throws InterruptedException {
    delegations.forEach(d -> proofs.put(d.cid(), d));
    reevaluate(out);
  }

  /**
   * Records a capability revocation the application holds locally (it applies to events decided from
   * now on), then re-evaluates held events. Revocations from peers arrive as events in the policy's
   * capability-token logs instead ({@link TopicPolicy#withCapabilityTokens}); this stage does not create those
   * events: publishing one is the revoker's application writing {@link Revocation#asBody()}.
   */
  public void revoke(Revocation revocation, Downstream<Event> out) throws InterruptedException {
    revocations = revocations.with(revocation);
    reevaluate(out);
  }

  /** How many data events wait for their causal point or a proof. */
  public int heldCount() {
    return held.size();
  }

  @Override
  public void close() {
    held.clear();
  }

  private void processGroupOperation(Event event, Downstream<Event> out) throws InterruptedException {
    Verdict<GroupOperation> read = GroupOperation.fromEvent(event);
    if (read instanceof Verdict.Rejected<GroupOperation> r) {
      refuse(event, "malformed group operation: " + r.rejection().message(), out);
      return;
    }
    GroupOperation op = read.orElseThrow();
    if (groups.knows(op.id()) || groups.isPending(op.id())) {
      return; // delivered before
    }
    groupOperationEvents.put(op.id(), event);
    switch (groups.receive(op)) {
      case APPLIED -> {
        for (GroupOperation applied : groups.lastApplied()) {
          causalPointOf.put(applied.id(), Set.of(applied.id()));
          Event e = groupOperationEvents.remove(applied.id());
          if (e != null) {
            out.emit(e);
          }
        }
      }
      case PENDING -> { } // emitted when its dependencies are applied
      case DUPLICATE -> groupOperationEvents.remove(op.id()); // fed to the replica by someone else
      case REFUSED_PENDING_FULL -> {
        groupOperationEvents.remove(op.id());
        refuse(event, "too many group operations wait for their dependencies", out);
      }
    }
  }

  /**
   * A capability-token event: a delegation or a revocation (tried in that order; the envelope's type
   * tag tells them apart).
   *
   * <p>A delegation, published by its issuer or its audience (a third party relaying it could flood
   * the log with others' tokens) and correctly signed, becomes a proof at once, whatever its
   * validity: the chain that cites it is checked when a write is decided. It needs no causal context:
   * proofs are looked up by CID, so the order of arrival does not matter.
   *
   * <p>A revocation event: well-formed and signed by its author, it joins the revocation set at once,
   * whatever it names (the delegation may arrive later; a revocation by someone outside the chain
   * is kept but has no effect, see {@link RevocationSet#revocationOf}), and is emitted so that it is
   * stored and forwarded. It needs no causal context: the set is grow-only, so order does not
   * matter. Held events are re-evaluated by the caller.
   */
  private void processCapabilityToken(Event event, Downstream<Event> out) throws InterruptedException {
    if (event.body().isEmpty()) {
      refuse(event, "a capability-token event needs its body", out);
      return;
    }
    Decoded<Delegation> delegation = Delegation.decode(event.body().get().bytes().toArray());
    if (delegation instanceof Decoded.Ok<Delegation> ok) {
      Delegation d = ok.value();
      if (!d.issuer().key().equals(event.author()) && !d.audience().key().equals(event.author())) {
        refuse(event, "delegation from " + d.issuer() + " to " + d.audience()
            + " carried in an event by a third party; its issuer or audience publishes it", out);
      } else if (!d.hasValidSignature()) {
        refuse(event, "delegation " + d.cid() + " whose signature does not verify", out);
      } else {
        proofs.put(d.cid(), d);
        causalPointOf.put(event.id(), Set.of()); // admitted: events may cite it, it adds no group operation
        out.emit(event);
      }
      return;
    }
    switch (Revocation.fromEvent(event)) {
      case Verdict.Rejected<Revocation> r when r.rejection().message().startsWith("malformed revocation") ->
          refuse(event, "neither a delegation (" + ((Decoded.Failed<Delegation>) delegation).error()
              + ") nor a revocation (" + r.rejection().message() + ")", out);
      case Verdict.Rejected<Revocation> r -> refuse(event, r.rejection().message(), out);
      case Verdict.Accepted<Revocation> a -> {
        revocations = revocations.with(a.value());
        causalPointOf.put(event.id(), Set.of()); // admitted: events may cite it, it adds no group operation
        out.emit(event);
      }
    }
  }

  private Decision decide(Event event) {
    Optional<Hash> group = policy.governingGroup(event.logId());
    Optional<Did> subject = policy.capabilitySubject(event.logId());
    if (group.isEmpty() && subject.isEmpty()) {
      return new Refuse("no rule governs log " + event.logId().toHex().substring(0, 8) + " (closed by default)");
    }
    List<Hash> dependencies = new ArrayList<>(event.header().previous());
    event.header().backlink().ifPresent(dependencies::add);
    Set<Hash> causalPoint = new HashSet<>();
    Set<Hash> missing = new HashSet<>();
    for (Hash dep : dependencies) {
      Set<Hash> known = causalPointOf.get(dep);
      if (known != null) {
        causalPoint.addAll(known);
      } else if (groups.knows(dep)) {
        causalPoint.add(dep);
      } else if (refused.contains(dep)) {
        return new Refuse("depends on refused event " + dep.toHex().substring(0, 8));
      } else {
        missing.add(dep);
      }
    }
    if (!missing.isEmpty()) {
      return new Hold("dependencies not seen yet: " + missing.size());
    }
    List<String> reasons = new ArrayList<>();
    if (group.isPresent()) {
      GroupDecision decision = groups.checkWrite(event.author(), group.get(), causalPoint,
          revocation -> causalOrder.happenedBefore(event.id(), revocation));
      switch (decision) {
        case GroupDecision.Allowed a -> {
          return new Admit(causalPoint);
        }
        case GroupDecision.Denied d -> reasons.add(d.reason());
        case GroupDecision.Undecided u -> {
          return new Hold("group operations missing: " + u.missing().size());
        }
      }
    }
    if (subject.isPresent()) {
      Decision byCapability = capability(event, subject.get(), causalPoint);
      if (!(byCapability instanceof Refuse r)) {
        return byCapability;
      }
      reasons.add(r.reason());
    }
    return new Refuse(String.join("; ", reasons));
  }

  private Decision capability(Event event, Did subject, Set<Hash> causalPoint) {
    Optional<Bytes> field = event.header().extensions().flatMap(x -> x.field(TopicPolicy.CAPABILITY_FIELD));
    if (field.isEmpty()) {
      return new Refuse("no capability in extension field " + TopicPolicy.CAPABILITY_FIELD);
    }
    Ipld item;
    try {
      item = DagCbor.decode(field.get().toArray(), 2);
    } catch (TokenException e) {
      return new Refuse("extension field " + TopicPolicy.CAPABILITY_FIELD + " is not canonical CBOR: " + e.getMessage());
    }
    if (!(item instanceof Ipld.Blob blob)) {
      return new Refuse("extension field " + TopicPolicy.CAPABILITY_FIELD + " must be a byte string holding a UCAN invocation");
    }
    Invocation invocation;
    switch (Invocation.decode(blob.value().toArray())) {
      case Decoded.Ok<Invocation> ok -> invocation = ok.value();
      case Decoded.Failed<Invocation> failed -> {
        return new Refuse("capability: " + failed.error());
      }
    }
    if (!invocation.issuer().key().equals(event.author())) {
      return new Refuse("capability invoked by " + invocation.issuer() + ", not by the event's author");
    }
    if (!invocation.subject().equals(subject)) {
      return new Refuse("capability about " + invocation.subject() + ", but the log's subject is " + subject);
    }
    if (!invocation.command().equals(TopicPolicy.WRITE_COMMAND)) {
      return new Refuse("capability invokes " + invocation.command() + ", not " + TopicPolicy.WRITE_COMMAND);
    }
    if (!(invocation.arguments().entries().get("log") instanceof Ipld.Blob log) || !log.value().equals(event.logId().bytes())) {
      return new Refuse("capability's args.log is not this event's log id");
    }
    return switch (validator.validate(invocation, cid -> Optional.ofNullable(proofs.get(cid)), revocations)) {
      case ValidationResult.Valid v -> new Admit(causalPoint);
      case ValidationResult.Invalid i when i.name() == ErrorName.UNAVAILABLE_PROOF -> new Hold("proof not available yet");
      case ValidationResult.Invalid i -> new Refuse("capability " + i.name().wireName() + ": " + i.message());
    };
  }

  private void settle(Event event, Decision decision, Downstream<Event> out) throws InterruptedException {
    switch (decision) {
      case Admit a -> {
        held.remove(event.id());
        causalPointOf.put(event.id(), Set.copyOf(a.causalPoint()));
        out.emit(event);
      }
      case Refuse r -> {
        held.remove(event.id());
        refuse(event, r.reason(), out);
      }
      case Hold h -> {
        held.put(event.id(), event);
        if (held.size() > maxHeld) {
          Event oldest = held.values().iterator().next();
          held.remove(oldest.id());
          refuse(oldest, "held too long: its causal point is still unknown and the buffer is full", out);
        }
      }
    }
  }

  private void refuse(Event event, String reason, Downstream<Event> out) {
    refused.add(event.id());
    out.reject(event, Rejection.of(Rejection.Reason.REFUSED, reason));
  }

  private void reevaluate(Downstream<Event> out) throws InterruptedException {
    boolean progress = true;
    while (progress && !held.isEmpty()) {
      progress = false;
      for (Event event : List.copyOf(held.values())) {
        Decision decision = decide(event);
        if (!(decision instanceof Hold)) {
          settle(event, decision, out);
          progress = true;
        }
      }
    }
  }
}
