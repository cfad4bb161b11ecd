package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.walkaway.core.SigningKey;

/**
 * The UCAN working group's fixtures (conformance/vectors/ucan), one dynamic test per case: the
 * delegation fixture, all invocation cases (valid and invalid with the expected error names) for
 * both 1.0.0 and 1.0.0-rc.1, and all policy cases.
 */
class UcanFixturesTest {
  static final Path VECTORS = Path.of("../../conformance/vectors/ucan");
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode read(String file) throws IOException {
    return JSON.readTree(Files.readString(VECTORS.resolve(file)));
  }

  static byte[] bytesOf(JsonNode link) {
    return Base64.getDecoder().decode(link.path("/").path("bytes").asText());
  }

  @TestFactory
  Stream<DynamicTest> delegations() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String version : List.of("spec-1.0.0", "spec-1.0.0-rc.1")) {
      JsonNode root = read(version + "/delegation.json");
      Map<String, Did> principals = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : root.path("principals").properties()) {
        byte[] raw = Base64.getDecoder().decode(e.getValue().asText());
        assertEquals(0x80, raw[0] & 0xff, "varint 0x1300 prefix");
        assertEquals(0x26, raw[1] & 0xff, "varint 0x1300 prefix");
        byte[] seed = java.util.Arrays.copyOfRange(raw, 2, 34);
        principals.put(e.getKey(), new Did(SigningKey.fromSeed(seed).publicKey()));
      }
      for (JsonNode c : root.path("valid")) {
        tests.add(dynamicTest(version + ": " + c.path("name").asText(), () -> {
          byte[] token = Base64.getDecoder().decode(c.path("token").asText());
          Delegation d = Delegation.decode(token).orThrow();
          JsonNode payload = c.path("envelope").path("payload");
          assertEquals(c.path("cid").asText(), d.cid().toString());
          assertEquals(payload.path("iss").asText(), d.issuer().toString());
          assertEquals(payload.path("aud").asText(), d.audience().toString());
          assertEquals(payload.path("sub").asText(), d.subject().orElseThrow().toString());
          assertEquals(payload.path("cmd").asText(), d.command().path());
          assertEquals(payload.path("exp").asLong(), d.expiration().getAsLong());
          assertEquals(Policy.ANY, d.policy());
          assertEquals(c.path("envelope").path("signature").asText(),
              Base64.getEncoder().encodeToString(d.signature().toArray()));
          assertEquals(payload.path("nonce").asText(), Base64.getEncoder().withoutPadding()
              .encodeToString(d.nonce().toArray()).replaceAll("=+$", ""));
          assertEquals(principals.get("bob"), d.issuer(), "iss is bob's key from the fixture's principals");
          assertEquals(principals.get("carol"), d.audience(), "aud is carol's key");
          assertTrue(d.hasValidSignature());
          assertEquals(version.endsWith("rc.1") ? UcanVersion.V1_0_0_RC1 : UcanVersion.V1_0_0, d.version());
        }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> invocations() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String version : List.of("spec-1.0.0", "spec-1.0.0-rc.1")) {
      JsonNode root = read(version + "/invocation.json");
      for (String kind : List.of("valid", "invalid")) {
        for (JsonNode c : root.path(kind)) {
          String expected = kind.equals("valid") ? "valid" : c.path("error").path("name").asText();
          tests.add(dynamicTest(version + " " + kind + ": " + c.path("name").asText() + " -> " + expected, () -> {
            Invocation invocation = Invocation.decode(bytesOf(c.path("invocation"))).orThrow();
            List<Delegation> proofs = new ArrayList<>();
            for (JsonNode p : c.path("proofs")) {
              proofs.add(Delegation.decode(bytesOf(p)).orThrow());
            }
            ValidationResult result = TestKit.validatorAt(c.path("time").asLong())
                .validate(invocation, ProofStore.of(proofs));
            if (kind.equals("valid")) {
              assertInstanceOf(ValidationResult.Valid.class, result, result.toString());
            } else {
              ValidationResult.Invalid invalid = assertInstanceOf(ValidationResult.Invalid.class, result);
              assertEquals(expected, invalid.name().wireName(), invalid.message());
            }
          }));
        }
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> policies() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    // The upstream spec file has a stray pair of braces (see vectors/ucan README); repair it in memory.
    String spec = Files.readString(VECTORS.resolve("spec-1.0.0/policy.json"));
    String repaired = spec.replaceFirst("\\{\\s*\\{(\\s*\"christmas\")", "{$1")
        .replaceFirst("(\\]\\s*\\}\\s*)\\}(\\s*\\}\\s*\\}\\s*,\\s*\"policies\")", "$1$2");
    Map<String, JsonNode> files = Map.of(
        "rs-ucan copy", read("spec-1.0.0/policy.rs-ucan-copy.valid-json.json"),
        "spec (repaired)", JSON.readTree(repaired));
    for (Map.Entry<String, JsonNode> file : new TreeMap<>(files).entrySet()) {
      for (String kind : List.of("valid", "invalid")) {
        int group = 0;
        for (JsonNode c : file.getValue().path(kind)) {
          group++;
          Ipld args = JsonIpld.of(c.path("args"));
          int index = 0;
          for (JsonNode policyJson : c.path("policies")) {
            index++;
            String name = file.getKey() + " " + kind + " group " + group + " policy " + index + ": " + policyJson;
            tests.add(dynamicTest(name, () -> {
              Policy policy = Policy.read(JsonIpld.of(policyJson)).orThrow();
              if (kind.equals("valid")) {
                assertTrue(policy.matches(args));
                for (Policy.Statement s : policy.statements()) {
                  assertTrue(s.holdsFor(args), s.toString());
                }
                assertEquals(policy, Policy.read(policy.toIpld()).orThrow(), "IPLD round trip");
              } else {
                assertFalse(policy.matches(args));
              }
            }));
          }
        }
      }
    }
    return tests.stream();
  }
}
