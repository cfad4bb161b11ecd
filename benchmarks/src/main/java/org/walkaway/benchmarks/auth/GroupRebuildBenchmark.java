package org.walkaway.benchmarks.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.walkaway.auth.Access;
import org.walkaway.auth.ConflictResolver;
import org.walkaway.auth.GroupAction;
import org.walkaway.auth.GroupOperation;
import org.walkaway.auth.GroupState;
import org.walkaway.auth.Groups;
import org.walkaway.auth.Member;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;

/**
 * Rebuilding group membership from scratch: a fresh {@link Groups} replica receives
 * {@code operations} group operations (in a causal order) and resolves them ({@code state()}).
 *
 * <p>The history (seeded, the same on every run): a founder creates a group with two other
 * managers; ten "persons" are groups of three device keys each, nested in the main group with
 * WRITE; 100 member keys in all (70 direct, 30 devices). The three managers then write concurrently
 * on their own branches (each operation cites the previous one of its branch, and one in eight
 * cites all three branch heads, a merge): adds of non-members, removes, promotes and demotes
 * between READ and WRITE, of direct members and of devices inside the persons' groups. Concurrent
 * branches make some operations invalid or filtered, as in real use.
 *
 * <p>Single-shot: one rebuild per measured iteration, since a rebuild of 10,000 operations takes
 * seconds, not microseconds.
 *
 * <p>Run: {@code benchmarks/run GroupRebuildBenchmark -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@State(Scope.Thread)
public class GroupRebuildBenchmark {
  @Param({"1000", "3000", "10000"})
  public int operations;

  @Param({"STRONG_REMOVAL"})
  public String resolver;

  private List<GroupOperation> history;

  @Setup
  public void setUp() {
    history = history(operations, 100, 20261122L);
  }

  @Benchmark
  public GroupState rebuild() {
    Groups groups = new Groups(resolver.equals("SENIORITY") ? ConflictResolver.SENIORITY : ConflictResolver.STRONG_REMOVAL, operations);
    for (GroupOperation op : history) {
      groups.receive(op);
    }
    return groups.state();
  }

  static List<GroupOperation> history(int count, int memberCount, long seed) {
    return history(count, memberCount, seed, 8);
  }

  /**
   * The history described above, where one operation in {@code mergeEvery} cites all three branch
   * heads (with 1, every operation follows everything before it: a sequential history).
   */
  static List<GroupOperation> history(int count, int memberCount, long seed, int mergeEvery) {
    SplittableRandom random = new SplittableRandom(seed);
    List<PublicKey> managers = List.of(key(1), key(2), key(3));
    List<GroupOperation> ops = new ArrayList<>();
    TreeMap<Member, Access> founders = new TreeMap<>();
    founders.put(Member.key(managers.get(1)), Access.MANAGE);
    founders.put(Member.key(managers.get(2)), Access.MANAGE);
    GroupOperation main = GroupOperation.synthetic(managers.get(0), List.of(), new GroupAction.Create(founders));
    ops.add(main);

    // Ten persons, each a group of three devices created by the founder, nested in the main group.
    List<Hash> groups = new ArrayList<>(List.of(main.id()));
    Map<Hash, Map<Member, Access>> model = new HashMap<>();
    model.put(main.id(), new HashMap<>());
    int nextKey = 100;
    GroupOperation last = main;
    for (int p = 0; p < 10; p++) {
      TreeMap<Member, Access> devices = new TreeMap<>();
      for (int d = 0; d < 3; d++) {
        devices.put(Member.key(key(nextKey++)), Access.WRITE);
      }
      // Every manager manages each person's group, so that they can change its devices.
      devices.put(Member.key(managers.get(1)), Access.MANAGE);
      devices.put(Member.key(managers.get(2)), Access.MANAGE);
      GroupOperation person = GroupOperation.synthetic(managers.get(0), List.of(last.id()), new GroupAction.Create(devices));
      GroupOperation nest = GroupOperation.synthetic(managers.get(0), List.of(person.id()),
          new GroupAction.Add(main.id(), Member.group(person.id()), Access.WRITE));
      ops.add(person);
      ops.add(nest);
      last = nest;
      groups.add(person.id());
      Map<Member, Access> m = new HashMap<>();
      devices.forEach((member, access) -> { if (access == Access.WRITE) m.put(member, access); });
      model.put(person.id(), m);
      model.get(main.id()).put(Member.group(person.id()), Access.WRITE);
    }
    List<PublicKey> candidates = new ArrayList<>();
    for (int i = 0; i < memberCount - 30; i++) {
      candidates.add(key(1000 + i));
    }

    GroupOperation[] heads = {last, last, last};
    while (ops.size() < count) {
      int branch = random.nextInt(3);
      PublicKey author = managers.get(branch);
      List<Hash> previous = new ArrayList<>();
      if (random.nextInt(mergeEvery) == 0) {
        Set<Hash> all = new HashSet<>();
        for (GroupOperation h : heads) {
          all.add(h.id());
        }
        previous.addAll(all);
      } else {
        previous.add(heads[branch].id());
      }
      // Mostly the main group; one operation in four changes a person's devices.
      Hash group = random.nextInt(4) == 0 ? groups.get(1 + random.nextInt(10)) : main.id();
      Map<Member, Access> members = model.get(group);
      GroupAction action;
      if (group.equals(main.id())) {
        PublicKey candidate = candidates.get(random.nextInt(candidates.size()));
        action = change(group, Member.key(candidate), members.get(Member.key(candidate)), random);
      } else {
        List<Member> devices = new ArrayList<>(members.keySet());
        Member device = devices.isEmpty() || random.nextInt(4) == 0
            ? Member.key(key(100 + random.nextInt(30))) : devices.get(random.nextInt(devices.size()));
        action = change(group, device, members.get(device), random);
      }
      apply(members, action);
      GroupOperation op = GroupOperation.synthetic(author, previous, action);
      ops.add(op);
      heads[branch] = op;
    }
    return ops;
  }

  private static GroupAction change(Hash group, Member member, Access current, SplittableRandom random) {
    if (current == null) {
      return new GroupAction.Add(group, member, random.nextBoolean() ? Access.WRITE : Access.READ);
    }
    return switch (random.nextInt(3)) {
      case 0 -> new GroupAction.Remove(group, member);
      default -> current == Access.WRITE
          ? new GroupAction.Demote(group, member, Access.READ)
          : new GroupAction.Promote(group, member, Access.WRITE);
    };
  }

  private static void apply(Map<Member, Access> members, GroupAction action) {
    switch (action) {
      case GroupAction.Add a -> members.put(a.member(), a.access());
      case GroupAction.Remove r -> members.remove(r.member());
      case GroupAction.Promote p -> members.put(p.member(), p.access());
      case GroupAction.Demote d -> members.put(d.member(), d.access());
      case GroupAction.Create c -> { }
    }
  }

  private static PublicKey key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[1] = (byte) (n >> 8);
    seed[31] = 7;
    return SigningKey.fromSeed(seed).publicKey();
  }
}
