package org.walkaway.benchmarks.gossip;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Verdict;
import org.walkaway.gossip.GossipCodec;
import org.walkaway.gossip.GossipConfig;
import org.walkaway.gossip.GossipMessage;
import org.walkaway.gossip.GossipNode;
import org.walkaway.gossip.Input;
import org.walkaway.gossip.Output;
import org.walkaway.gossip.TopicId;

/**
 * The gossip hot path: a peer with five neighbours receiving a 256-byte payload it has not seen
 * (check its BLAKE3 id, remember it, deliver it, push it to the tree, queue announcements), one it has
 * seen (drop it, prune the link), and the wire codec for such a frame.
 *
 * <p>Run: {@code benchmarks/run GossipNodeBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class GossipNodeBenchmark {
  private static final TopicId TOPIC = TopicId.fromName("benchmark");
  /** Twice the default seen-id capacity, so that a message comes round again only once forgotten. */
  private static final int MESSAGES = 32_768;

  private GossipNode node;
  private PublicKey[] neighbours;
  private Input.Received[] fresh;
  private Input.Received duplicate;
  private GossipCodec codec;
  private GossipMessage.Gossip frameMessage;
  private Bytes frame;
  private int next;
  private long now;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(11);
    node = GossipNode.create(key(random), GossipConfig.defaults(), new SplittableRandom(3));
    node.handle(0, new Input.JoinTopic(TOPIC, List.of()));
    neighbours = new PublicKey[5];
    for (int i = 0; i < neighbours.length; i++) {
      neighbours[i] = key(random);
      node.handle(0, new Input.Received(neighbours[i], new GossipMessage.Join(TOPIC)));
    }
    fresh = new Input.Received[MESSAGES];
    for (int i = 0; i < MESSAGES; i++) {
      byte[] payload = new byte[256];
      random.nextBytes(payload);
      Bytes bytes = Bytes.of(payload);
      fresh[i] = new Input.Received(neighbours[i % 5], new GossipMessage.Gossip(TOPIC, Hash.of(bytes), 3, bytes));
    }
    node.handle(1, fresh[0]);
    duplicate = fresh[0];
    next = 1;
    now = 1;
    codec = GossipCodec.forConfig(GossipConfig.defaults());
    frameMessage = (GossipMessage.Gossip) fresh[1].message();
    frame = codec.encode(frameMessage);
  }

  private static PublicKey key(SplittableRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return new PublicKey(Bytes.of(bytes));
  }

  @Benchmark
  public List<Output> receiveNewPayload() {
    Input.Received input = fresh[next];
    next = next + 1 == MESSAGES ? 0 : next + 1;
    return node.handle(++now, input);
  }

  @Benchmark
  public List<Output> receiveDuplicate() {
    return node.handle(now, duplicate);
  }

  @Benchmark
  public Bytes encodeFrame() {
    return codec.encode(frameMessage);
  }

  @Benchmark
  public Verdict<GossipMessage> decodeFrame() {
    return codec.decode(frame);
  }
}
