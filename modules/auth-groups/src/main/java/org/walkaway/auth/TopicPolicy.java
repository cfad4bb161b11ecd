package org.walkaway.auth;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;

/**
 * Which logs carry group operations, and who may write to the others: the members of a group with
 * at least {@link Access#WRITE}, or the holders of a capability from a subject (a UCAN invocation
 * of {@link #WRITE_COMMAND} with {@code args.log} = the log id, carried in extension field
 * {@link #CAPABILITY_FIELD} as a CBOR byte string). A log with no rule is closed: its events are
 * refused. A log may have both rules; either admits.
 *
 * <p>Capability revocations travel as events too, in the logs named by {@link #withRevocations}:
 * each event's body is one signed {@link Revocation} by the event's author. They live in logs of
 * their own, not in a field of any event, so that a revocation spreads, is stored and synchronized
 * whatever happens to the revoker's other writes (a field on a data event would be lost with a
 * refused event, and could not be sent by a revoker who may not write to that log), and so that a
 * peer can fetch just the revocations it needs.
 *
 * @param groupOperationLogs logs whose events are group operations
 * @param revocationLogs logs whose events are capability revocations
 * @param governingGroups the group that governs each log
 * @param capabilitySubjects the subject whose capabilities govern each log
 */
public record TopicPolicy(Set<LogId> groupOperationLogs, Set<LogId> revocationLogs, Map<LogId, Hash> governingGroups,
    Map<LogId, Did> capabilitySubjects) {
  /** The extension field that carries a write invocation. */
  public static final long CAPABILITY_FIELD = 16;
  /** The command a write invocation invokes. */
  public static final Command WRITE_COMMAND = Command.of("/walkaway/write");

  public TopicPolicy {
    groupOperationLogs = Collections.unmodifiableSortedSet(new TreeSet<>(groupOperationLogs));
    revocationLogs = Collections.unmodifiableSortedSet(new TreeSet<>(revocationLogs));
    for (LogId log : revocationLogs) {
      if (groupOperationLogs.contains(log) || governingGroups.containsKey(log) || capabilitySubjects.containsKey(log)) {
        throw new IllegalArgumentException("a revocation log carries revocations only: " + log);
      }
    }
    governingGroups = Collections.unmodifiableSortedMap(new TreeMap<>(governingGroups));
    capabilitySubjects = Collections.unmodifiableSortedMap(new TreeMap<>(capabilitySubjects));
  }

  /** A policy with no revocation logs. */
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
    return new TopicPolicy(logs, revocationLogs, governingGroups, capabilitySubjects);
  }

  /**
   * This policy where {@code log} carries capability revocations: every event in it is one
   * {@link Revocation} ({@link Revocation#asBody}) signed by the event's author. A revocation log
   * carries nothing else (it can be neither a group-operation log nor a governed data log).
   */
  public TopicPolicy withRevocations(LogId log) {
    Set<LogId> logs = new TreeSet<>(revocationLogs);
    logs.add(Objects.requireNonNull(log, "log"));
    return new TopicPolicy(groupOperationLogs, logs, governingGroups, capabilitySubjects);
  }

  /** This policy where the writers of {@code log} are the WRITE members of {@code group}. */
  public TopicPolicy withGroup(LogId log, Hash group) {
    Map<LogId, Hash> groups = new TreeMap<>(governingGroups);
    groups.put(Objects.requireNonNull(log, "log"), Objects.requireNonNull(group, "group"));
    return new TopicPolicy(groupOperationLogs, revocationLogs, groups, capabilitySubjects);
  }

  /** This policy where the writers of {@code log} may also hold a capability from {@code subject}. */
  public TopicPolicy withCapabilities(LogId log, Did subject) {
    Map<LogId, Did> subjects = new TreeMap<>(capabilitySubjects);
    subjects.put(Objects.requireNonNull(log, "log"), Objects.requireNonNull(subject, "subject"));
    return new TopicPolicy(groupOperationLogs, revocationLogs, governingGroups, subjects);
  }

  public boolean carriesGroupOperations(LogId log) {
    return groupOperationLogs.contains(log);
  }

  public boolean carriesRevocations(LogId log) {
    return revocationLogs.contains(log);
  }

  public Optional<Hash> governingGroup(LogId log) {
    return Optional.ofNullable(governingGroups.get(log));
  }

  public Optional<Did> capabilitySubject(LogId log) {
    return Optional.ofNullable(capabilitySubjects.get(log));
  }
}
