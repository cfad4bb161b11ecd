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
 * @param groupOperationLogs logs whose events are group operations
 * @param governingGroups the group that governs each log
 * @param capabilitySubjects the subject whose capabilities govern each log
 */
public record TopicPolicy(Set<LogId> groupOperationLogs, Map<LogId, Hash> governingGroups, Map<LogId, Did> capabilitySubjects) {
  /** The extension field that carries a write invocation. */
  public static final long CAPABILITY_FIELD = 16;
  /** The command a write invocation invokes. */
  public static final Command WRITE_COMMAND = Command.of("/walkaway/write");

  public TopicPolicy {
    groupOperationLogs = Collections.unmodifiableSortedSet(new TreeSet<>(groupOperationLogs));
    governingGroups = Collections.unmodifiableSortedMap(new TreeMap<>(governingGroups));
    capabilitySubjects = Collections.unmodifiableSortedMap(new TreeMap<>(capabilitySubjects));
  }

  public static TopicPolicy empty() {
    return new TopicPolicy(Set.of(), Map.of(), Map.of());
  }

  /** This policy where {@code log} carries group operations. */
  public TopicPolicy withGroupOperations(LogId log) {
    Set<LogId> logs = new TreeSet<>(groupOperationLogs);
    logs.add(Objects.requireNonNull(log, "log"));
    return new TopicPolicy(logs, governingGroups, capabilitySubjects);
  }

  /** This policy where the writers of {@code log} are the WRITE members of {@code group}. */
  public TopicPolicy withGroup(LogId log, Hash group) {
    Map<LogId, Hash> groups = new TreeMap<>(governingGroups);
    groups.put(Objects.requireNonNull(log, "log"), Objects.requireNonNull(group, "group"));
    return new TopicPolicy(groupOperationLogs, groups, capabilitySubjects);
  }

  /** This policy where the writers of {@code log} may also hold a capability from {@code subject}. */
  public TopicPolicy withCapabilities(LogId log, Did subject) {
    Map<LogId, Did> subjects = new TreeMap<>(capabilitySubjects);
    subjects.put(Objects.requireNonNull(log, "log"), Objects.requireNonNull(subject, "subject"));
    return new TopicPolicy(groupOperationLogs, governingGroups, subjects);
  }

  public boolean carriesGroupOperations(LogId log) {
    return groupOperationLogs.contains(log);
  }

  public Optional<Hash> governingGroup(LogId log) {
    return Optional.ofNullable(governingGroups.get(log));
  }

  public Optional<Did> capabilitySubject(LogId log) {
    return Optional.ofNullable(capabilitySubjects.get(log));
  }
}
