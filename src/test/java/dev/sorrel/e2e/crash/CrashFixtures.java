package dev.sorrel.e2e.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The ONNX fixtures the crash workload uploads, found on the test class path. */
final class CrashFixtures {
  /** An MLP over 4 inputs. */
  static final String IRIS = "mlp_iris.onnx";
  /** A gradient-boosted regressor over 10 inputs. */
  static final String DIABETES = "gbr_diabetes.onnx";

  private CrashFixtures() {
  }

  static Path path(String fixture) {
    try {
      return Path.of(CrashFixtures.class.getResource("/models/" + fixture).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fixture a crash-test model's versions are uploaded from, by its name's prefix. */
  static String fileOf(String model) {
    return model.startsWith("MI") ? IRIS : DIABETES;
  }

  /** Input count of a model's fixture, for a PREDICT call that loads it. */
  static int inputs(String model) {
    return model.startsWith("MI") ? 4 : 10;
  }

  static String sha256(String fixture) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(Files.readAllBytes(path(fixture))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
