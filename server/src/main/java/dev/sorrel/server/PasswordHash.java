package dev.sorrel.server;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, deliberately slow password hash: PBKDF2 with HMAC-SHA256 from
 * the JDK, a random 16-byte salt per password and a stated iteration count.
 * The algorithm and count are stored with each hash, so a later version can
 * raise the count for new passwords and still check old ones.
 *
 * <p>Written as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in
 * Base64).
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
  /** The name written for the algorithm. */
  public static final String ALGORITHM = "pbkdf2-sha256";
  /** The iteration count of new hashes: OWASP's 2023 advice for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;
  /** The fewest iterations accepted (tests use few to run fast; never use so few in production). */
  public static final int MIN_ITERATIONS = 1_000;

  private static final String JDK_ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  public PasswordHash {
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException("a password hash needs at least " + MIN_ITERATIONS
          + " iterations, not " + iterations);
    }
    salt = salt.clone();
    hash = hash.clone();
  }

  /** Hashes a new password with a fresh random salt. */
  public static PasswordHash create(char[] password, int iterations) {
    final byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations));
  }

  /** Whether {@code password} is the one hashed; takes as long whatever the answer. */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  @Override public byte[] salt() {
    return salt.clone();
  }

  @Override public byte[] hash() {
    return hash.clone();
  }

  /** The hash as the users file stores it. */
  public String encode() {
    final Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return ALGORITHM + "$" + iterations + "$" + base64.encodeToString(salt) + "$"
        + base64.encodeToString(hash);
  }

  /** Reads a stored hash; IllegalArgumentException saying what is wrong with it. */
  public static PasswordHash decode(String text) {
    final String[] parts = text.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
      throw new IllegalArgumentException("a password hash is written " + ALGORITHM
          + "$ITERATIONS$SALT$HASH");
    }
    final int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the iteration count '" + parts[1]
          + "' is not a number");
    }
    final Base64.Decoder base64 = Base64.getDecoder();
    return new PasswordHash(iterations, base64.decode(parts[2]), base64.decode(parts[3]));
  }

  @Override public boolean equals(Object o) {
    return o instanceof PasswordHash other && iterations == other.iterations
        && Arrays.equals(salt, other.salt) && Arrays.equals(hash, other.hash);
  }

  @Override public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override public String toString() {
    return ALGORITHM + "(" + iterations + " iterations)";
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    final KeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(JDK_ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      // Every Java 8+ runtime has PBKDF2WithHmacSHA256.
      throw new IllegalStateException(JDK_ALGORITHM + " is not available", e);
    }
  }
}
