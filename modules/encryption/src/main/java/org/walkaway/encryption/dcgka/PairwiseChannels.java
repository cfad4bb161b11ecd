package org.walkaway.encryption.dcgka;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.ChannelMessage;
import org.walkaway.encryption.EncryptionException;
import org.walkaway.encryption.EncryptionFailure;
import org.walkaway.encryption.LocalIdentity;
import org.walkaway.encryption.PrekeyBundle;
import org.walkaway.encryption.SecureChannel;

/**
 * DCGKA's two-party channels (the paper's 2SM), one {@link SecureChannel} per (peer, initiator).
 * Two members may open channels to each other concurrently: both stay, each message names the one it
 * travels on, and senders prefer the channel opened by the smaller key so both sides settle on one.
 */
final class PairwiseChannels {
  private record ChannelKey(PublicKey peer, PublicKey initiator) {}

  private final LocalIdentity local;
  private final PrekeyDirectory directory;
  private final RandomGenerator random;
  private final InstantSource clock;
  private final Map<ChannelKey, SecureChannel> channels = new HashMap<>();

  PairwiseChannels(LocalIdentity local, PrekeyDirectory directory, RandomGenerator random, InstantSource clock) {
    this.local = local;
    this.directory = directory;
    this.random = random;
    this.clock = clock;
  }

  DirectMessage.Sealed seal(PublicKey peer, byte[] plaintext) {
    PublicKey self = local.identity();
    PublicKey preferred = self.compareTo(peer) <= 0 ? self : peer;
    PublicKey other = preferred.equals(self) ? peer : self;
    for (PublicKey initiator : new PublicKey[] {preferred, other}) {
      SecureChannel channel = channels.get(new ChannelKey(peer, initiator));
      if (channel != null) {
        Verdict<ChannelMessage.Regular> sent = channel.send(plaintext);
        if (sent instanceof Verdict.Rejected<ChannelMessage.Regular> rejected) {
          throw new EncryptionException("the channel to " + peer + " is unusable: " + rejected.rejection());
        }
        return new DirectMessage.Sealed(initiator, sent.orElseThrow());
      }
    }
    PrekeyBundle bundle = directory.bundleOf(peer)
        .orElseThrow(() -> new EncryptionException("no prekey bundle for " + peer + ": cannot open a channel"));
    Verdict<SecureChannel.Opened> opened = SecureChannel.open(local, bundle, plaintext, clock.instant(), random);
    if (opened instanceof Verdict.Rejected<SecureChannel.Opened> rejected) {
      throw new EncryptionException("the prekey bundle of " + peer + " is unusable: " + rejected.rejection());
    }
    channels.put(new ChannelKey(peer, self), opened.orElseThrow().channel());
    return new DirectMessage.Sealed(self, opened.orElseThrow().message());
  }

  Verdict<Bytes> open(PublicKey sender, DirectMessage.Sealed sealed) {
    switch (sealed.message()) {
      case ChannelMessage.Initial initial -> {
        if (!sealed.initiator().equals(sender)) {
          return Verdict.rejected(EncryptionFailure.MALFORMED.rejection("a first channel message must be opened by its sender " + sender));
        }
        Verdict<SecureChannel.Accepted> accepted = SecureChannel.accept(local, initial, random);
        if (accepted instanceof Verdict.Rejected<SecureChannel.Accepted> rejected) {
          return Verdict.rejected(rejected.rejection());
        }
        SecureChannel.Accepted channel = accepted.orElseThrow();
        if (!channel.initiator().equals(sender)) {
          return Verdict.rejected(EncryptionFailure.BAD_SIGNATURE.rejection("a channel from " + channel.initiator() + " claims to come from " + sender));
        }
        channels.put(new ChannelKey(sender, sender), channel.channel());
        return Verdict.accepted(channel.plaintext());
      }
      case ChannelMessage.Regular regular -> {
        SecureChannel channel = channels.get(new ChannelKey(sender, sealed.initiator()));
        if (channel == null) {
          return Verdict.rejected(EncryptionFailure.UNKNOWN_PREKEY.rejection("no channel with " + sender + " opened by " + sealed.initiator()));
        }
        return channel.receive(regular);
      }
    }
  }

  int size() {
    return channels.size();
  }
}
