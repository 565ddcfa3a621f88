package dev.sorrel.udf.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Assignments equal the seed article's router (reference values made by
 * {@code experiments/make_assignments.py} with the seed's own code) and
 * GrowthBook's published hash and bucket-range test cases.
 */
class VariantAssignerTest {
  private static List<BigDecimal> weights(double... values) {
    return java.util.Arrays.stream(values).mapToObj(BigDecimal::valueOf).toList();
  }

  @Test void equalsTheSeedRouterOnItsReferenceAssignments() throws IOException {
    int checked = 0;
    try (InputStream in = getClass().getResourceAsStream("/experiments/assignments.csv");
         BufferedReader reader = new BufferedReader(
             new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.readLine(); // header
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        final String[] f = line.split(",", -1);
        final String name = f[0];
        final boolean integer = f[1].equals("int");
        final String unit = f[2];
        final int split = Integer.parseInt(f[3]);
        final int expected = f[4].equals("control") ? 0 : 1;
        final VariantAssigner seed = VariantAssigner.of(AssignmentHash.SHA256, name,
            List.of(BigDecimal.valueOf(split), BigDecimal.valueOf(100 - split)));
        final VariantAssigner fine = VariantAssigner.of(AssignmentHash.SHA256, name,
            weights(1, 1));
        assertEquals(100, seed.buckets());
        assertEquals(10_000, fine.buckets());
        final String what = name + " / " + unit + " / " + split;
        if (integer) {
          final long value = Long.parseLong(unit);
          assertEquals(expected, seed.assign(value), what);
          assertEquals(Integer.parseInt(f[5]), seed.bucket(value), what);
          assertEquals(Integer.parseInt(f[6]), fine.bucket(value), what);
        } else {
          assertEquals(expected, seed.assign(unit), what);
          assertEquals(Integer.parseInt(f[5]), seed.bucket(unit), what);
          assertEquals(Integer.parseInt(f[6]), fine.bucket(unit), what);
        }
        checked++;
      }
    }
    assertEquals(3628, checked);
  }

  /** GrowthBook's {@code hash(seed, value, 2)} cases from its SDK's test suite. */
  @Test void equalsGrowthBookVersion2Hash() {
    final Object[][] cases = {
        {"seed", "a", 0.0505}, {"seed", "b", 0.2696}, {"foo", "ab", 0.2575},
        {"foo", "def", 0.2019}, {"89123klj", "8952klfjas09ujkasdf", 0.124},
        {"90850943850283058242805", "123", 0.7516}, {"()**(%$##$%#$#", "___)((*\":&", 0.0128}};
    for (Object[] c : cases) {
      final VariantAssigner assigner = VariantAssigner.of(AssignmentHash.FNV1A,
          (String) c[0], weights(1));
      assertEquals((double) c[2], assigner.bucket((String) c[1]) / 10000.0, 0.0,
          c[0] + " / " + c[1]);
    }
    // An integer unit is its decimal string.
    final VariantAssigner assigner = VariantAssigner.of(AssignmentHash.FNV1A,
        "90850943850283058242805", weights(1));
    assertEquals(7516, assigner.bucket(123L));
  }

  /** GrowthBook's bucket ranges, float rounding included. */
  @Test void fnv1aUsesGrowthBookRanges() {
    final VariantAssigner uneven = VariantAssigner.of(AssignmentHash.FNV1A, "s",
        weights(0.2, 0.3, 0.5));
    assertEquals(0, uneven.variantOfBucket(1999));
    assertEquals(1, uneven.variantOfBucket(2000));
    assertEquals(1, uneven.variantOfBucket(4999));
    assertEquals(2, uneven.variantOfBucket(5000));
    assertEquals(2, uneven.variantOfBucket(9999));
    // 0.1 + 0.2 is 0.30000000000000004 in double precision: GrowthBook gives
    // the unit at 0.3 to the second variant; the exact runs of sha256 give it
    // to the third.
    final VariantAssigner growthBook = VariantAssigner.of(AssignmentHash.FNV1A, "s",
        weights(1, 2, 7));
    assertEquals(1, growthBook.variantOfBucket(3000));
    final VariantAssigner exact = VariantAssigner.of(AssignmentHash.SHA256, "s",
        weights(1, 2, 7));
    assertEquals(2, exact.variantOfBucket(3000));
    assertEquals(1, exact.variantOfBucket(2999));
  }

  @Test void bucketRunsFollowTheWeights() {
    final VariantAssigner percent = VariantAssigner.of(AssignmentHash.SHA256, "e",
        List.of(new BigDecimal("50"), new BigDecimal("30.0"), new BigDecimal("20")));
    assertEquals(100, percent.buckets(), "whole percentages summing to 100");
    assertEquals(0, percent.variantOfBucket(49));
    assertEquals(1, percent.variantOfBucket(50));
    assertEquals(2, percent.variantOfBucket(80));
    final VariantAssigner thirds = VariantAssigner.of(AssignmentHash.SHA256, "e",
        weights(1, 1, 1));
    assertEquals(10_000, thirds.buckets());
    // ceil(10000/3) = 3334 and ceil(20000/3) = 6667.
    assertEquals(0, thirds.variantOfBucket(3333));
    assertEquals(1, thirds.variantOfBucket(3334));
    assertEquals(1, thirds.variantOfBucket(6666));
    assertEquals(2, thirds.variantOfBucket(6667));
    final VariantAssigner holdout = VariantAssigner.of(AssignmentHash.SHA256, "e",
        weights(0, 100));
    for (int k = 0; k < holdout.buckets(); k++) {
      assertEquals(1, holdout.variantOfBucket(k));
    }
    // Over many units the shares approach the weights.
    final int[] counts = new int[3];
    for (int u = 0; u < 100_000; u++) {
      counts[percent.assign(u)]++;
    }
    assertTrue(Math.abs(counts[0] - 50_000) < 1_000, java.util.Arrays.toString(counts));
    assertTrue(Math.abs(counts[1] - 30_000) < 1_000, java.util.Arrays.toString(counts));
    assertTrue(Math.abs(counts[2] - 20_000) < 1_000, java.util.Arrays.toString(counts));
  }

  @Test void integerUnitsHashAsTheirDecimalString() {
    for (AssignmentHash hash : AssignmentHash.values()) {
      final VariantAssigner a = VariantAssigner.of(hash, "exp", weights(10, 20, 30, 40));
      for (long unit : new long[] {0, 7, -7, Long.MAX_VALUE, Long.MIN_VALUE, 1234567890123L}) {
        assertEquals(a.bucket(Long.toString(unit)), a.bucket(unit), hash + " " + unit);
      }
    }
  }

  @Test void badWeightsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> VariantAssigner.of(AssignmentHash.SHA256, "e", List.of()));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> VariantAssigner.of(AssignmentHash.SHA256, "e", weights(50, -1)))
        .getMessage().contains("negative"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> VariantAssigner.of(AssignmentHash.FNV1A, "e", weights(0, 0)))
        .getMessage().contains("zero"));
  }

  @Test void hashNamesAreCaseInsensitive() {
    assertEquals(AssignmentHash.SHA256, AssignmentHash.of("SHA256"));
    assertEquals(AssignmentHash.FNV1A, AssignmentHash.of("fnv1a"));
    assertEquals(null, AssignmentHash.of("md5"));
  }
}
