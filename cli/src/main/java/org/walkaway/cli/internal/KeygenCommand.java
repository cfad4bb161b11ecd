package org.walkaway.cli.internal;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.core.SigningKey;

/** {@code walkaway keygen [--out FILE]}: a new Ed25519 signing key. */
final class KeygenCommand implements Command {
  static final Option OUT =
      Option.withValue("--out", "FILE", "write the secret key to FILE (mode 600; never overwritten)");

  @Override
  public String name() {
    return "keygen";
  }

  @Override
  public String synopsis() {
    return "[--out FILE]";
  }

  @Override
  public String summary() {
    return "create an Ed25519 signing key; prints its public key";
  }

  @Override
  public String description() {
    return """
        Creates a new Ed25519 signing key from the system's secure random source. With --out, the
        secret (the 32-byte seed, as hex on one line) goes to FILE, created readable only by you;
        an existing FILE is never replaced. Prints the public key, which is your identity as an
        author: 'public <hex>'.

        Without --out, the secret is printed too ('secret <hex>'), with a warning: anyone who
        sees it can sign as you.

        example:
          $ walkaway keygen --out alice.key
          wrote the secret key to alice.key; keep it private
          public d2f69ec5dc11b2f0d49ee013513ef6f05ca3ad5bdc088396494de59fbcf2dc6a
        """;
  }

  @Override
  public List<Option> options() {
    return List.of(OUT);
  }

  @Override
  public int run(Arguments arguments, Context context) {
    Optional<String> out = arguments.value(OUT.name());
    SigningKey key = SigningKey.generate();
    try {
      if (out.isPresent()) {
        KeyFile.write(context.resolve(out.get()), key);
        context.err().println("wrote the secret key to " + out.get() + "; keep it private");
      } else {
        context.warn(
            "printing the secret key on standard output: anyone who sees it can sign as you."
                + " Use --out FILE to write it to a file only you can read");
        byte[] seed = key.seed(InsecureSecretAccess.get());
        context.out().println("secret " + HexFormat.of().formatHex(seed));
        Arrays.fill(seed, (byte) 0);
      }
      context.out().println("public " + key.publicKey().toHex());
      return Cli.OK;
    } finally {
      key.destroy();
    }
  }
}
