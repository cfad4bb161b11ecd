package org.walkaway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of everything that reads bytes from a peer. No input may make decoding
 * throw; whatever is accepted must be exactly its own canonical encoding.
 *
 * <p>In a normal build ({@code mvn test}) Jazzer runs in regression mode: each input under
 * {@code src/test/resources/org/walkaway/core/EventCodecFuzzTestInputs/<method>/} once, which is
 * fast. To fuzz for real (from the repository root; stop with Ctrl-C or let {@code maxDuration} end
 * it; findings are written next to the seeds, the working corpus to {@code .cifuzz-corpus/}):
 *
 * <pre>
 * JAZZER_FUZZ=1 JAZZER_INSTRUMENTATION_INCLUDES='org.walkaway.**:com.fasterxml.jackson.**' \
 *   mvn -pl modules/event-core test -Dtest=EventCodecFuzzTest#decodeNeverThrows
 * </pre>
 *
 * The surefire {@code argLine} of this module carries {@code -XX:+EnableDynamicAgentLoading}, which
 * Jazzer's agent needs on JDK 21 and newer.
 */
class EventCodecFuzzTest {
  /** A whole header, or a header and a body split where the data says. */
  @FuzzTest(maxDuration = "5m")
  void decodeNeverThrows(FuzzedDataProvider data) {
    boolean withBody = data.consumeBoolean();
    byte[] body = withBody ? data.consumeBytes(data.consumeInt(0, 64)) : new byte[0];
    byte[] header = data.consumeRemainingAsBytes();
    Verdict<Event> verdict =
        EventCodec.decode(header, withBody ? Optional.of(body) : Optional.empty(), DecodeLimits.DEFAULT);
    if (verdict instanceof Verdict.Accepted<Event>(Event event)) {
      assertEquals(Hash.of(header), event.id());
      assertEquals(Bytes.of(header), EventCodec.encode(event.header()), "accepted bytes are canonical");
    }
  }

  @FuzzTest(maxDuration = "5m")
  void extensionsDecodeNeverThrows(byte[] item) {
    Verdict<Extensions> verdict = Extensions.decode(Bytes.of(item));
    if (verdict instanceof Verdict.Accepted<Extensions>(Extensions extensions)) {
      assertEquals(Bytes.of(item), extensions.encoded());
      if (extensions.isWalkawayLayout()) {
        assertEquals(extensions, extensions.toBuilder().build(), "the layout re-encodes to the same bytes");
      }
    }
  }
}
