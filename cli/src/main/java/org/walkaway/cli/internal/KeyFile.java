package org.walkaway.cli.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Consumer;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.core.SigningKey;

/**
 * A signing key on disk: the 32-byte Ed25519 seed as 64 hex characters and a newline, nothing
 * else, readable only by its owner (mode 600) where the file system has POSIX permissions.
 */
final class KeyFile {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  /** A key file is 65 bytes; anything much larger is some other file given by mistake. */
  private static final long MAX_SIZE = 1024;

  private KeyFile() {}

  /**
   * Writes {@code key} to a new file. The file is created with its final permissions in one step
   * (never briefly readable by others) and never replaces an existing one.
   *
   * @throws CommandException if {@code file} exists or cannot be written
   */
  static void write(Path file, SigningKey key) {
    byte[] seed = key.seed(InsecureSecretAccess.get());
    byte[] line = (HexFormat.of().formatHex(seed) + "\n").getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(seed, (byte) 0);
    boolean created = false;
    try (FileChannel channel = create(file)) {
      created = true;
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (FileAlreadyExistsException e) {
      throw new CommandException(
          file + " already exists; walkaway never overwrites a key. Choose another --out FILE, or"
              + " delete the old key first if you are sure it is not needed");
    } catch (NoSuchFileException e) {
      throw new CommandException(
          "cannot create " + file + ": its directory does not exist; create it first");
    } catch (IOException e) {
      if (created) {
        deleteQuietly(file);
      }
      throw new CommandException("cannot write the key to " + file + ": " + e.getMessage(), e);
    } finally {
      Arrays.fill(line, (byte) 0);
    }
  }

  private static FileChannel create(Path file) throws IOException {
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Path parent = file.toAbsolutePath().getParent();
    boolean posix =
        parent != null
            && Files.isDirectory(parent)
            && Files.getFileStore(parent).supportsFileAttributeView(PosixFileAttributeView.class);
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    return FileChannel.open(file, options, attributes);
  }

  /**
   * Reads the key in {@code file}, warning through {@code warnings} if other users may read it.
   *
   * @throws CommandException if the file is missing or does not hold a key
   */
  static SigningKey read(Path file, Consumer<String> warnings) {
    byte[] content;
    try {
      if (Files.size(file) > MAX_SIZE) {
        throw notAKey(file, "it is " + Files.size(file) + " bytes long");
      }
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CommandException(
          "no key file " + file + "; create one with: walkaway keygen --out " + file);
    } catch (IOException e) {
      throw new CommandException("cannot read the key file " + file + ": " + e.getMessage(), e);
    }
    try {
      String text = new String(content, StandardCharsets.US_ASCII).strip();
      if (text.length() != 2 * SigningKey.SEED_LENGTH || !isHex(text)) {
        throw notAKey(file, "it does not hold exactly 64 hex characters");
      }
      SigningKey key = SigningKey.fromSeedHex(text);
      warnIfShared(file, warnings);
      return key;
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private static void warnIfShared(Path file, Consumer<String> warnings) {
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
      if (view == null) {
        return;
      }
      Set<PosixFilePermission> permissions = view.readAttributes().permissions();
      Set<PosixFilePermission> others = EnumSet.copyOf(permissions);
      others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE));
      if (!others.isEmpty()) {
        warnings.accept(
            "the key file " + file + " can be read or changed by other users (mode "
                + PosixFilePermissions.toString(permissions) + "); restrict it with: chmod 600 "
                + file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Permissions are advice here; the key was read, so carry on without the warning.
    }
  }

  private static boolean isHex(String text) {
    return text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  private static CommandException notAKey(Path file, String why) {
    return new CommandException(
        file + " is not a walkaway key file: " + why + ". A key file holds the 32-byte secret seed"
            + " as 64 hex characters on one line, as written by 'walkaway keygen --out FILE'");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The write already failed and is reported; a leftover partial file is named in that message.
    }
  }
}
