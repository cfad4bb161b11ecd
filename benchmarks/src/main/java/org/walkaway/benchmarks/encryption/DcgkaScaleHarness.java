package org.walkaway.benchmarks.encryption;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.encryption.LocalIdentity;
import org.walkaway.encryption.PrekeyBundle;
import org.walkaway.encryption.dcgka.ControlMessage;
import org.walkaway.encryption.dcgka.Dcgka;
import org.walkaway.encryption.dcgka.DcgkaCodec;
import org.walkaway.encryption.dcgka.DirectMessage;

/**
 * The cost of DCGKA's group operations at 10, 100 and 1000 members: for one add, one remove and one
 * update in a settled group, the messages and bytes every member sends until the group is quiet again
 * (the operation, its direct messages, every ack and add-ack with their forwards, all encoded with
 * {@link DcgkaCodec}), and the CPU time: of the member running the command, and of the whole group
 * processing everything (all members live in this one thread, so that is the sum over members).
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar org.walkaway.benchmarks.encryption.DcgkaScaleHarness [sizes...]
 * </pre>
 *
 * Delivery is one global FIFO queue, which is a causal order; each broadcast goes to every other
 * member that is in the group. Bounded: one create, then add, update, remove once each per size.
 */
public final class DcgkaScaleHarness {
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private record Broadcast(Hash id, PublicKey sender, ControlMessage control, Map<PublicKey, DirectMessage> directs) {}

  private final SplittableRandom random = new SplittableRandom(42);
  private final Map<PublicKey, PrekeyBundle> bundles = new HashMap<>();
  private final Map<PublicKey, Dcgka> members = new HashMap<>();
  private final List<Dcgka> order = new ArrayList<>();
  private final ArrayDeque<Broadcast> queue = new ArrayDeque<>();
  private long nextId;
  private long messages;
  private long bytes;

  private DcgkaScaleHarness() {}

  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {10, 100, 1000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.printf("DCGKA group operations; load average at start %.2f; %s%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.version());
    System.out.println("| members | operation | messages | bytes | CPU of the initiator | CPU of the whole group | CPU per member |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (int size : sizes) {
      new DcgkaScaleHarness().run(size);
    }
    System.out.printf("load average at end %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private void run(int size) {
    for (int i = 0; i < size + 1; i++) {
      newMember();
    }
    Dcgka creator = order.getFirst();
    List<PublicKey> initial = order.subList(0, size).stream().map(Dcgka::self).toList();
    measure(size, "create", creator, () -> send(creator, creator.create(initial)));
    Dcgka newcomer = order.get(size);
    measure(size, "add", creator, () -> send(creator, creator.add(newcomer.self())));
    Dcgka updater = order.get(1);
    measure(size + 1, "update", updater, () -> send(updater, updater.update()));
    measure(size + 1, "remove", creator, () -> send(creator, creator.remove(newcomer.self())));
  }

  private void measure(int size, String operation, Dcgka initiator, Runnable command) {
    messages = 0;
    bytes = 0;
    long start = THREADS.getCurrentThreadCpuTime();
    command.run();
    long initiatorNs = THREADS.getCurrentThreadCpuTime() - start;
    drain();
    long totalNs = THREADS.getCurrentThreadCpuTime() - start;
    System.out.printf("| %d | %s | %,d | %,d | %.1f ms | %.1f ms | %.2f ms |%n",
        size, operation, messages, bytes, initiatorNs / 1e6, totalNs / 1e6, totalNs / 1e6 / size);
  }

  private void newMember() {
    SigningKey signingKey = SigningKey.generate(random);
    LocalIdentity local = LocalIdentity.create(signingKey, random);
    local.rotateSignedPrekey(signingKey, NOW.minusSeconds(60), Duration.ofDays(7));
    bundles.put(local.identity(), local.bundle(0));
    Dcgka dcgka = Dcgka.of(local, key -> Optional.ofNullable(bundles.get(key)), random.split(), InstantSource.fixed(NOW));
    members.put(local.identity(), dcgka);
    order.add(dcgka);
  }

  private void send(Dcgka sender, Dcgka.Outgoing outgoing) {
    Hash id = broadcast(sender.self(), outgoing.control(), outgoing.directMessages());
    sender.confirm(id);
  }

  private Hash broadcast(PublicKey sender, ControlMessage control, List<DirectMessage> directs) {
    Hash id = Hash.of(Bytes.of(java.nio.ByteBuffer.allocate(8).putLong(nextId++).array()));
    messages++;
    bytes += DcgkaCodec.encode(control).length();
    Map<PublicKey, DirectMessage> byRecipient = new HashMap<>();
    for (DirectMessage direct : directs) {
      messages++;
      bytes += DcgkaCodec.encode(direct).length();
      byRecipient.put(direct.recipient(), direct);
    }
    queue.add(new Broadcast(id, sender, control, byRecipient));
    return id;
  }

  private void drain() {
    while (!queue.isEmpty()) {
      Broadcast broadcast = queue.poll();
      for (Dcgka member : order) {
        boolean welcomed = broadcast.control() instanceof ControlMessage.Add add && add.added().equals(member.self())
            || broadcast.control() instanceof ControlMessage.Create create && create.members().contains(member.self());
        if (member.self().equals(broadcast.sender()) || !(member.isMember() || welcomed)) {
          continue;
        }
        Dcgka.Outcome outcome = member.receive(new Dcgka.Received(broadcast.id(), broadcast.sender(), broadcast.control(),
            Optional.ofNullable(broadcast.directs().get(member.self())))).orElseThrow();
        outcome.reply().ifPresent(reply -> broadcast(member.self(), reply, outcome.directMessages()));
      }
    }
  }
}
