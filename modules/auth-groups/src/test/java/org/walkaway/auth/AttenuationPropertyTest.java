package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.walkaway.core.SigningKey;

/**
 * Random chains against a model: a chain is valid exactly when every command lies within its
 * parent's and covers the invoked command, every link is within its time bounds at the (fixed)
 * validation time, and every policy holds.
 */
class AttenuationPropertyTest {
  private static final List<String> COMMANDS =
      List.of("/", "/a", "/a/b", "/a/b/c", "/a/bc", "/ab", "/b", "/b/a");
  private static final SigningKey[] KEYS = new SigningKey[6];

  static {
    for (int i = 0; i < KEYS.length; i++) {
      KEYS[i] = TestKit.key(200 + i);
    }
  }

  static boolean covers(String parent, String child) {
    return parent.equals("/") || parent.equals(child) || child.startsWith(parent + "/");
  }

  /** Mostly a command within {@code parent} (so that valid chains are common), sometimes any. */
  static String pick(SplittableRandom random, String parent) {
    List<String> within = COMMANDS.stream().filter(c -> parent == null || covers(parent, c)).toList();
    return random.nextInt(5) == 0 ? COMMANDS.get(random.nextInt(COMMANDS.size())) : within.get(random.nextInt(within.size()));
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 22, 33, 44})
  void randomChainsMatchTheModel(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ChainValidator validator = TestKit.validatorAt(TestKit.NOW);
    int valid = 0;
    for (int round = 0; round < 40; round++) {
      int length = 1 + random.nextInt(4);
      List<Delegation> chain = new ArrayList<>();
      boolean expected = true;
      String previous = null;
      int limit = random.nextInt(10);
      for (int i = 0; i < length; i++) {
        String command = pick(random, previous);
        if (previous != null && !covers(previous, command)) {
          expected = false;
        }
        previous = command;
        Delegation.Builder b = Delegation.builder().audience(TestKit.did(KEYS[i + 1]))
            .subject(TestKit.did(KEYS[0])).command(command).noExpiration().nonce(TestKit.nonce(round * 8 + i));
        int time = random.nextInt(12);
        if (time == 0) {
          b.expiration(TestKit.NOW - 1 - random.nextInt(1000));
          expected = false;
        } else if (time == 1) {
          b.notBefore(TestKit.NOW + 1 + random.nextInt(1000));
          expected = false;
        } else if (time == 2) {
          b.expiration(TestKit.NOW + random.nextInt(1000)).notBefore(TestKit.NOW - random.nextInt(1000));
        }
        if (random.nextInt(4) == 0) {
          b.policy(Policy.of(new Policy.LessThan(Selector.parse(".n"), new Ipld.Int(limit))));
          if (!(5 < limit)) {
            expected = false;
          }
        }
        chain.add(b.sign(KEYS[i]));
      }
      String invoked = pick(random, previous);
      if (!covers(previous, invoked)) {
        expected = false;
      }
      Invocation invocation = Invocation.builder().subject(TestKit.did(KEYS[0])).command(invoked).chain(chain)
          .arguments(Ipld.Dict.of(Map.of("n", new Ipld.Int(5)))).sign(KEYS[length]);
      ValidationResult result = validator.validate(invocation, ProofStore.of(chain));
      assertEquals(expected, result.isValid(), "seed " + seed + " round " + round + ": " + result + " for " + chain);
      valid += expected ? 1 : 0;
    }
    // The generator must exercise both outcomes, or the property proves little.
    org.junit.jupiter.api.Assertions.assertTrue(valid > 0 && valid < 40, "seed " + seed + ": " + valid + " valid of 40");
  }
}
