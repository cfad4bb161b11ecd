package org.walkaway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class CheckBodyTest {
  private final SigningKey key = SigningKey.generate();
  private final Event event = EventBuilder.create().body(Body.ofText("hello")).sign(key);
  private final Body body = event.body().orElseThrow();

  @Test
  void theBodyTheHeaderDescribesPassesWithOrWithoutAPrecomputedHash() {
    assertInstanceOf(Verdict.Accepted.class, EventCodec.checkBody(event.header(), body));
    assertInstanceOf(Verdict.Accepted.class, EventCodec.checkBody(event.header(), body, body.hash()));
  }

  @Test
  void aPrecomputedHashThatIsNotTheHeadersIsAPayloadMismatch() {
    Verdict<Body> verdict = EventCodec.checkBody(event.header(), body, Hash.of(new byte[] {1, 2, 3}));
    assertEquals(Rejection.Reason.PAYLOAD_MISMATCH, assertInstanceOf(Verdict.Rejected.class, verdict).rejection().reason());
  }

  @Test
  void aBodyOfAnotherSizeIsAPayloadMismatchWhateverTheHash() {
    Body other = Body.ofText("hello!");
    Verdict<Body> verdict = EventCodec.checkBody(event.header(), other, body.hash());
    assertEquals(Rejection.Reason.PAYLOAD_MISMATCH, assertInstanceOf(Verdict.Rejected.class, verdict).rejection().reason());
  }
}
