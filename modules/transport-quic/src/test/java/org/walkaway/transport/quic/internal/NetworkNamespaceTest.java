package org.walkaway.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.Connection;
import org.walkaway.transport.quic.FrameStream;
import org.walkaway.transport.quic.NetworkId;
import org.walkaway.transport.quic.ProtocolId;
import org.walkaway.transport.quic.QuicEndpoint;
import org.walkaway.transport.quic.TransportConfig;

/**
 * Real QUIC between two network stacks: the test creates a network namespace joined to the host's
 * by a veth pair (host 10.213.R.1/30, namespace 10.213.R.2/30), runs {@link NetnsEchoPeer} in a
 * child JVM inside the namespace, and dials it from here. Needs root and {@code ip}; skipped
 * elsewhere. Names carry a random suffix, so parallel runs do not collide; everything created is
 * deleted at the end.
 */
class NetworkNamespaceTest {
  private static final long WAIT = 20; // seconds; a bound on waits, never asserted on
  private static final long PEER_SEED = 4242;

  @Test
  void dialsAPeerInAnotherNetworkNamespaceAndExchangesFrames() throws Exception {
    Assumptions.assumeTrue(
        "0".equals(run("id", "-u").trim()), "needs root to create network namespaces");
    int r = ThreadLocalRandom.current().nextInt(256);
    String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    String ns = "walkaway-" + suffix;
    String hostEnd = "wa" + suffix + "h";
    String nsEnd = "wa" + suffix + "n";
    String hostAddress = "10.213." + r + ".1";
    String peerAddress = "10.213." + r + ".2";
    Assumptions.assumeTrue(tryRun("ip", "netns", "add", ns), "`ip netns add` does not work here");
    Process peer = null;
    try {
      exec("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd);
      exec("ip", "link", "set", nsEnd, "netns", ns);
      exec("ip", "addr", "add", hostAddress + "/30", "dev", hostEnd);
      exec("ip", "link", "set", hostEnd, "up");
      exec("ip", "netns", "exec", ns, "ip", "addr", "add", peerAddress + "/30", "dev", nsEnd);
      exec("ip", "netns", "exec", ns, "ip", "link", "set", nsEnd, "up");
      exec("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");

      peer = new ProcessBuilder(
              "ip", "netns", "exec", ns, javaBinary(), "-cp", testClassPath(),
              NetnsEchoPeer.class.getName(), peerAddress, Long.toString(PEER_SEED), "netns")
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      BlockingQueue<String> lines = linesOf(peer);
      String listening = lines.poll(WAIT, TimeUnit.SECONDS);
      assertNotNull(listening, "the peer in the namespace did not start");
      assertTrue(listening.startsWith("LISTENING "), listening);
      int port = Integer.parseInt(listening.substring("LISTENING ".length()));

      SigningKey me = SigningKey.generate(new SplittableRandom(4243));
      SigningKey peerKey = SigningKey.generate(new SplittableRandom(PEER_SEED));
      try (QuicEndpoint local = QuicEndpoint.bind(me, NetworkId.of("netns"),
          new InetSocketAddress(hostAddress, 0), TransportConfig.defaults())) {
        CompletableFuture<Connection> dialing =
            local.dial(peerKey.publicKey(), new InetSocketAddress(peerAddress, port));
        Connection c = dialing.get(WAIT, TimeUnit.SECONDS);
        assertEquals(peerKey.publicKey(), c.peer());
        try (FrameStream s = c.openStream(ProtocolId.of("echo/1"), Bytes.of(new byte[] {1}))) {
          List<byte[]> sent = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            byte[] frame = new byte[1 + i * 97];
            new SplittableRandom(i).nextBytes(frame);
            sent.add(frame);
            s.send(frame);
          }
          for (byte[] frame : sent) {
            Optional<byte[]> echoed = s.receive();
            assertTrue(echoed.isPresent(), "the echo ended early");
            assertArrayEquals(frame, echoed.get());
          }
          s.finish();
          assertFalse(s.receive().isPresent(), "the peer ends its side after ours");
        }
        assertEquals("PEER " + me.publicKey().toHex(), lines.poll(WAIT, TimeUnit.SECONDS),
            "the peer in the namespace saw our proven identity");
      }
    } finally {
      if (peer != null) {
        peer.getOutputStream().close();
        if (!peer.waitFor(5, TimeUnit.SECONDS)) {
          peer.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
      tryRun("ip", "link", "del", hostEnd); // takes its namespace end with it
      tryRun("ip", "netns", "del", ns);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** The test JVM runs on the module path; the child runs everything on the class path. */
  private static String testClassPath() {
    Set<String> entries = new LinkedHashSet<>();
    entries.add(Path.of("target", "test-classes").toAbsolutePath().toString());
    entries.add(Path.of("target", "classes").toAbsolutePath().toString());
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property, "");
      for (String entry : value.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          entries.add(entry);
        }
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static BlockingQueue<String> linesOf(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // The process ended; the waits above are bounded.
      }
    });
    return lines;
  }

  private static void exec(String... command) throws Exception {
    if (!tryRun(command)) {
      throw new IllegalStateException("failed: " + String.join(" ", command));
    }
  }

  private static boolean tryRun(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
