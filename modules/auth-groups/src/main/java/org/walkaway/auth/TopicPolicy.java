package org.walkaway.auth;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.walkaway.auth.internal.DagCbor;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;

/**
 * Which logs carry group operations, and who may write to the others: the members of a group with
 * at least {@link Access#WRITE}, or the holders of a capability from a subject (a UCAN invocation
 * of {@link #WRITE_COMMAND} with {@code args.log} = the log id, carried in extension field
 * {@link #CAPABILITY_FIELD} as a CBOR byte string). A log with no rule is closed: its events are
 * refused. A log may have both rules; either admits.
 *
 * <p>Capability tokens travel as events too, in the logs named by {@link #withCapabilityTokens}:
 * each event's body is one signed UCAN token, a {@link Delegation} (published by its issuer or its
 * audience) or a {@link Revocation} (published by its revoker). They live in logs of their own, not
 * in a field of any event, so that a token spreads, is stored and synchronized whatever happens to
 * its author's other writes (a field on a data event would be lost with a refused event, and could
 * not be sent by a revoker who may not write to that log), and so that a peer can fetch just the
 * tokens it needs.
 *
 * @param groupOperationLogs logs whose events are group operations
 * @param capabilityTokenLogs logs whose events are capability tokens (delegations and revocations)
 * @param governingGroups the group that governs each log
 * @param capabilitySubjects the subject whose capabilities govern each log
 */
public record TopicPolicy(Set<LogId> groupOperationLogs, Set<LogId> capabilityTokenLogs, Map<LogId, Hash> governingGroups,
    Map<LogId, Did> capabilitySubjects) {
  /** The extension field that carries a write invocation. */
  public static final long CAPABILITY_FIELD = 16;
  /** The command a write invocation invokes. */
  public static final Command WRITE_COMMAND = Command.of("/walkaway/write");

  /**
   * The value of extension field {@link #CAPABILITY_FIELD} that carries {@code invocation}: a CBOR
   * byte string holding its envelope, e.g. {@code EventBuilder…field(CAPABILITY_FIELD,
   * capabilityField(invocation))}.
   */
  public static Bytes capabilityField(Invocation invocation) {
    return Bytes.of(DagCbor.encode(new Ipld.Blob(invocation.token())));
  }

  public TopicPolicy {
    groupOperationLogs = Collections.unmodifiableSortedSet(new TreeSet<>(groupOperationLogs));
    capabilityTokenLogs = Collections.unmodifiableSortedSet(new TreeSet<>(capabilityTokenLogs));
    for (LogId log : capabilityTokenLogs) {
      if (groupOperationLogs.contains(log) || governingGroups.containsKey(log) || capabilitySubjects.containsKey(log)) {
        throw new IllegalArgumentException("a capability-token log carries delegations and revocations only: " + log);
      }
    }
    governingGroups = Collections.unmodifiableSortedMap(new TreeMap<>(governingGroups));
    capabilitySubjects = Collections.unmodifiableSortedMap(new TreeMap<>(capabilitySubjects));
  }

  /** A policy with no capability-token logs. */
  public TopicPolicy(Set<LogId> groupOperationLogs, Map<LogId, Hash> governingGroups, Map<LogId, Did> capabilitySubjects) {
    this(groupOperationLogs, Set.of(), governingGroups, capabilitySubjects);
  }

  public static TopicPolicy empty() {
    return new TopicPolicy(Set.of(), Set.of(), Map.of(), Map.of());
  }

  /** This policy where {@code log} carries group operations. */
  public TopicPolicy withGroupOperations(LogId log) {
    Set<LogId> logs = new TreeSet<>(groupOperationLogs);
    logs.add(Objects.requireNonNull(log, "log"));
    return new TopicPolicy(logs, capabilityTokenLogs, governingGroups, capabilitySubjects);
  }

  /**
   * This policy where {@code log} carries capability tokens: every event in it is one
   * {@link Delegation} ({@link Delegation#asBody}) whose issuer or audience is the event's author,
   * or one {@link Revocation} ({@link Revocation#asBody}) signed by the event's author. Such a log
   * carries nothing else (it can be neither a group-operation log nor a governed data log).
   */
  public TopicPolicy withCapabilityTokens(LogId log) {
    Set<LogId> logs = new TreeSet<>(capabilityTokenLogs);
    logs.add(Objects.requireNonNull(log, "log"));
    return new TopicPolicy(groupOperationLogs, logs, governingGroups, capabilitySubjects);
  }

  /** This policy where the writers of {@code log} are the WRITE members of {@code group}. */
  public TopicPolicy withGroup(LogId log, Hash group) {
    Map<LogId, Hash> groups = new TreeMap<>(governingGroups);
    groups.put(Objects.requireNonNull(log, "log"), Objects.requireNonNull(group, "group"));
    return new TopicPolicy(groupOperationLogs, capabilityTokenLogs, groups, capabilitySubjects);
  }

  /** This policy where the writers of {@code log} may also hold a capability from {@code subject}. */
  public TopicPolicy withCapabilities(LogId log, Did subject) {
    Map<LogId, Did> subjects = new TreeMap<>(capabilitySubjects);
    subjects.put(Objects.requireNonNull(log, "log"), Objects.requireNonNull(subject, "subject"));
    return new TopicPolicy(groupOperationLogs, capabilityTokenLogs, governingGroups, subjects);
  }

  public boolean carriesGroupOperations(LogId log) {
    return groupOperationLogs.contains(log);
  }

  public boolean carriesCapabilityTokens(LogId log) {
    return capabilityTokenLogs.contains(log);
  }

  public Optional<Hash> governingGroup(LogId log) {
    return Optional.ofNullable(governingGroups.get(log));
  }

  public Optional<Did> capabilitySubject(LogId log) {
    return Optional.ofNullable(capabilitySubjects.get(log));
  }
}
