package dev.sorrel.udf.drift;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * The survival function of the one-sample, two-sided Kolmogorov-Smirnov
 * statistic D_n, {@code Pr(D_n >= x)}: SciPy 1.10's {@code kstwo.sf(x, n)}.
 * It follows Simard and L'Ecuyer (2011) as SciPy's {@code _kolmogn} does,
 * choosing per region between Ruben-Gambino's closed forms, Durbin's matrix
 * (Marsaglia-Tsang-Wang), Pomeranz's recursion, the Pelz-Good expansion and
 * twice the one-sided Smirnov tail, with the same cut-offs.
 *
 * <p>The one-sided tail {@link #smirnov} is the Birnbaum-Tingey sum, as
 * SciPy's {@code smirnov} (cephes) computes it; each term is written as a
 * binomial probability divided by its success probability so that
 * commons-math3's saddle-point binomial (Loader's method) keeps every term to
 * about 1e-14 relative even for a million values, where SciPy uses
 * double-double arithmetic.
 */
public final class KolmogorovDistribution {
  private static final double EP128 = Math.scalb(1.0, 128);
  private static final double EM128 = Math.scalb(1.0, -128);
  private static final double SQRT2PI = Math.sqrt(2 * Math.PI);
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private static final double MIN_LOG = -708;
  /** cephes' MINLOG, {@code log(2^-1022)}. */
  private static final double CEPHES_MINLOG = -7.08396418532264106224E2;
  private static final int SMIRNOV_MAX_COMPUTE_N = 1_000_000;
  private static final double PI_SQUARED = Math.PI * Math.PI;
  private static final double PI_FOUR = PI_SQUARED * PI_SQUARED;
  private static final double PI_SIX = PI_FOUR * PI_SQUARED;
  private static final double[] STIRLING_COEFFS = {-2.955065359477124183e-2,
      6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
      -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3,
      8.3333333333333333333e-2};

  private KolmogorovDistribution() {
  }

  /** {@code kstwo.sf(x, n)} for a whole, positive {@code n}; NaN otherwise. */
  public static double sf(double n, double x) {
    if (Double.isNaN(n) || n != Math.rint(n) || n <= 0 || n > Integer.MAX_VALUE) {
      return Double.NaN;
    }
    final int nn = (int) n;
    if (x >= 1.0) {
      return 0.0;
    }
    if (x <= 0.0) {
      return 1.0;
    }
    final double t = n * x;
    if (t <= 1.0) {
      if (t <= 0.5) {
        return 1.0;
      }
      double prob;
      if (nn <= 140) {
        prob = 1.0;
        for (int i = 1; i <= nn; i++) {
          prob *= i * (1.0 / n) * (2 * t - 1);
        }
      } else {
        prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
      }
      return clip(1.0 - prob);
    }
    if (t >= n - 1) {
      return clip(2 * Math.pow(1.0 - x, n));
    }
    if (x >= 0.5) {
      return clip(2 * smirnov(nn, x));
    }
    final double nxSquared = t * x;
    if (nn <= 140) {
      if (nxSquared <= 0.754693) {
        return clip(1.0 - durbin(nn, x));
      }
      if (nxSquared <= 4) {
        return clip(1.0 - pomeranz(nn, x));
      }
      return clip(2 * smirnov(nn, x));
    }
    if (nxSquared >= 370.0) {
      return 0.0;
    }
    if (nxSquared >= 2.2) {
      return clip(2 * smirnov(nn, x));
    }
    final double cdf;
    if (nn <= 100_000 && n * Math.pow(x, 1.5) <= 1.4) {
      cdf = durbin(nn, x);
    } else {
      cdf = clip(pelzGood(n, x));
    }
    return clip(1.0 - cdf);
  }

  private static double clip(double p) {
    return p < 0 ? 0 : Math.min(p, 1);
  }

  /** {@code log(n! / n^n)} by Stirling's series with {@code n log n} taken out up front. */
  private static double logFactorialOverPower(double n) {
    final double rn = 1.0 / n;
    double poly = 0;
    for (double c : STIRLING_COEFFS) {
      poly = poly * (rn / n) + c;
    }
    return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
  }

  /**
   * {@code Pr(D_n <= d)} by Durbin's matrix: the k-th diagonal entry of
   * {@code (n!/n^n) H^n}, powers by squaring with rescaling by 2^128
   * (SciPy's {@code _kolmogn_DMTW}).
   */
  static double durbin(int n, double d) {
    if (d >= 1.0) {
      return 1.0;
    }
    final double nd = n * d;
    if (nd <= 0.5) {
      return 0.0;
    }
    final int k = (int) Math.ceil(nd);
    final double h = k - nd;
    final int m = 2 * k - 1;
    double[][] hm = new double[m][m];
    final double[] v = new double[m];
    final double[] w = new double[m];
    double fac = 1.0;
    for (int j = 1; j <= m; j++) {
      v[j - 1] = 1.0 - Math.pow(h, j);
      w[j - 1] = fac;
      fac /= j;
      v[j - 1] *= fac;
    }
    final double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
    v[m - 1] = (1.0 + tt) * fac;
    for (int i = 1; i < m; i++) {
      for (int r = i - 1; r < m; r++) {
        hm[r][i] = w[r - (i - 1)];
      }
    }
    for (int r = 0; r < m; r++) {
      hm[r][0] = v[r];
    }
    for (int c = 0; c < m; c++) {
      hm[m - 1][c] = v[m - 1 - c];
    }
    double[][] power = new double[m][m];
    for (int i = 0; i < m; i++) {
      power[i][i] = 1.0;
    }
    int nn = n;
    int expnt = 0;
    int hExpnt = 0;
    while (nn > 0) {
      if (nn % 2 != 0) {
        power = multiply(power, hm);
        expnt += hExpnt;
      }
      hm = multiply(hm, hm);
      hExpnt *= 2;
      if (Math.abs(hm[k - 1][k - 1]) > EP128) {
        for (double[] row : hm) {
          for (int c = 0; c < m; c++) {
            row[c] /= EP128;
          }
        }
        hExpnt += 128;
      }
      nn /= 2;
    }
    double p = power[k - 1][k - 1];
    for (int i = 1; i <= n; i++) {
      p = i * p / n;
      if (Math.abs(p) < EM128) {
        p *= EP128;
        expnt -= 128;
      }
    }
    if (expnt != 0) {
      p = Math.scalb(p, expnt);
    }
    return clip(p);
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    final int m = a.length;
    final double[][] c = new double[m][m];
    for (int i = 0; i < m; i++) {
      final double[] ci = c[i];
      for (int l = 0; l < m; l++) {
        final double ail = a[i][l];
        if (ail == 0) {
          continue;
        }
        final double[] bl = b[l];
        for (int j = 0; j < m; j++) {
          ci[j] += ail * bl[j];
        }
      }
    }
    return c;
  }

  /** {@code Pr(D_n <= x)} by Pomeranz's recursion (SciPy's {@code _kolmogn_Pomeranz}). */
  static double pomeranz(int n, double x) {
    final double t = n * x;
    final int ll = (int) Math.floor(t);
    final double f = t - ll;
    final double g = Math.min(f, 1.0 - f);
    final int ceilf = f > 0 ? 1 : 0;
    final int roundf = f > 0.5 ? 1 : 0;
    final int npwrs = 2 * (ll + 1);
    final double[] gpower = new double[npwrs];
    final double[] twogpower = new double[npwrs];
    final double[] onem2gpower = new double[npwrs];
    gpower[0] = 1.0;
    twogpower[0] = 1.0;
    onem2gpower[0] = 1.0;
    int expnt = 0;
    final double gOverN = g / n;
    final double twoGOverN = 2 * g / n;
    final double oneMinusTwoGOverN = (1 - 2 * g) / n;
    for (int m = 1; m < npwrs; m++) {
      gpower[m] = gpower[m - 1] * gOverN / m;
      twogpower[m] = twogpower[m - 1] * twoGOverN / m;
      onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
    }
    double[] v0 = new double[npwrs];
    double[] v1 = new double[npwrs];
    v1[0] = 1;
    int v0s = 0;
    int v1s = 0;
    int[] j12 = pomeranzRange(0, n, ll, ceilf, roundf);
    for (int i = 1; i < 2 * n + 2; i++) {
      final int k1 = j12[0];
      final double[] swap = v0;
      v0 = v1;
      v1 = swap;
      final int swapS = v0s;
      v0s = v1s;
      v1s = swapS;
      java.util.Arrays.fill(v1, 0.0);
      j12 = pomeranzRange(i, n, ll, ceilf, roundf);
      final int j1 = j12[0];
      final int j2 = j12[1];
      final double[] pwrs = i == 1 || i == 2 * n + 1 ? gpower
          : i % 2 != 0 ? twogpower : onem2gpower;
      final int ln2 = j2 - k1 + 1;
      if (ln2 > 0) {
        // np.convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2]), slices clipped to the arrays
        final int aStart = k1 - v0s;
        final int aLen = Math.max(0, Math.min(aStart + ln2, npwrs) - aStart);
        final int bLen = Math.min(ln2, npwrs);
        final int convStart = j1 - k1;
        final int convLen = j2 - j1 + 1;
        double max = 0;
        for (int c = 0; c < convLen; c++) {
          final int idx = convStart + c;
          double sum = 0;
          for (int p = Math.max(0, idx - bLen + 1); p <= Math.min(idx, aLen - 1); p++) {
            sum += v0[aStart + p] * pwrs[idx - p];
          }
          v1[c] = sum;
          max = Math.max(max, sum);
        }
        if (max > 0 && max < EM128) {
          for (int c = 0; c < npwrs; c++) {
            v1[c] *= EP128;
          }
          expnt -= 128;
        }
        v1s = v0s + j1 - k1;
      }
    }
    double ans = v1[n - v1s];
    for (int m = 1; m <= n; m++) {
      if (Math.abs(ans) > EP128) {
        ans *= EM128;
        expnt += 128;
      }
      ans *= m;
    }
    if (expnt != 0) {
      ans = Math.scalb(ans, expnt);
    }
    return clip(ans);
  }

  private static int[] pomeranzRange(int i, int n, int ll, int ceilf, int roundf) {
    int j1;
    int j2;
    if (i == 0) {
      j1 = -ll - ceilf - 1;
      j2 = ll + ceilf - 1;
    } else {
      final int ip1div2 = (i + 1) / 2;
      final int ip1mod2 = (i + 1) % 2;
      if (ip1mod2 == 0) {
        if (ip1div2 == n + 1) {
          j1 = n - ll - ceilf - 1;
          j2 = n + ll + ceilf - 1;
        } else {
          j1 = ip1div2 - 1 - ll - roundf - 1;
          j2 = ip1div2 + ll - 1 + ceilf - 1;
        }
      } else {
        j1 = ip1div2 - 1 - ll - 1;
        j2 = ip1div2 + ll + roundf - 1;
      }
    }
    return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
  }

  /** The Pelz-Good approximation of {@code Pr(D_n <= x)} (SciPy's {@code _kolmogn_PelzGood}). */
  static double pelzGood(double n, double x) {
    if (x <= 0.0) {
      return 0.0;
    }
    if (x >= 1.0) {
      return 1.0;
    }
    final double z = Math.sqrt(n) * x;
    final double z2 = z * z;
    final double z3 = z2 * z;
    final double z4 = z2 * z2;
    final double z6 = z4 * z2;
    final double qlog = -PI_SQUARED / 8 / z2;
    if (qlog < MIN_LOG) {
      return 0.0;
    }
    double q = Math.exp(qlog);
    final double k1a = -z2;
    final double k1b = PI_SQUARED / 4;
    final double k2a = 6 * z6 + 2 * z4;
    final double k2b = (2 * z4 - 5 * z2) * PI_SQUARED / 4;
    final double k2c = PI_FOUR * (1 - 2 * z2) / 16;
    final double k3d = PI_SIX * (5 - 30 * z2) / 64;
    final double k3c = PI_FOUR * (-60 * z2 + 212 * z4) / 16;
    final double k3b = PI_SQUARED * (135 * z4 - 96 * z6) / 4;
    final double k3a = -30 * z6 - 90 * Math.pow(z, 8);
    final double[] k = new double[4];
    final int maxk = (int) Math.ceil(16 * z / Math.PI);
    for (int kk = maxk; kk > 0; kk--) {
      final double m = 2 * kk - 1;
      final double m2 = m * m;
      final double m4 = m2 * m2;
      final double m6 = m4 * m2;
      final double qpower = Math.pow(q, 8 * kk);
      k[0] = k[0] * qpower + 1.0;
      k[1] = k[1] * qpower + (k1a + k1b * m2);
      k[2] = k[2] * qpower + (k2a + k2b * m2 + k2c * m4);
      k[3] = k[3] * qpower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
    }
    final double[] divisors = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
    for (int i = 0; i < 4; i++) {
      k[i] = k[i] * q * SQRT2PI / divisors[i];
    }
    q = Math.exp(-PI_SQUARED / 2 / z2);
    double k2extra = 0;
    double k3extra = 0;
    final double sqrt3z = Math.sqrt(3) * z;
    for (int kk = maxk; kk > 0; kk--) {
      final double ks2 = (double) kk * kk;
      final double qp = Math.pow(q, ks2);
      final double kspi = Math.PI * kk;
      k2extra += ks2 * qp;
      k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
    }
    k[2] += k2extra * (PI_SQUARED * SQRT2PI / (-36 * z3));
    k[3] += k3extra * (PI_SQUARED * SQRT2PI / (216 * z6));
    return k[0] + k[1] / Math.sqrt(n) + k[2] / n + k[3] / Math.pow(n, 1.5);
  }

  /**
   * The one-sided tail {@code Pr(D_n^+ >= x)}, SciPy's {@code smirnov(n, x)}:
   * {@code x Σ_{j=0}^{⌊n(1-x)⌋} C(n, j) (x + j/n)^(j-1) (1 - x - j/n)^(n-j)},
   * with cephes' special cases and, above a million, its approximation
   * {@code exp(-(6nx + 1)² / 18n)}.
   */
  public static double smirnov(int n, double x) {
    if (!(n > 0 && x >= 0.0 && x <= 1.0)) {
      return Double.NaN;
    }
    if (n == 1) {
      return x;
    }
    if (x == 0.0) {
      return 1.0;
    }
    if (x == 1.0) {
      return 0.0;
    }
    final double nx = n * x;
    int nxfl = (int) Math.floor(nx);
    double alpha = nx - nxfl;
    if (alpha >= 1) {
      nxfl++;
      alpha = 0;
    }
    int lastTerm = n - nxfl - (alpha == 0 ? 0 : 1);
    if (alpha == 0) {
      lastTerm -= 1;
    }
    if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {
      return clip(1 - x * Math.exp((n - 1) * Math.log1p(x)));
    }
    if (-2 * n * x * x < CEPHES_MINLOG) {
      return 0;
    }
    if (nxfl >= n - 1) {
      return clip(Math.exp(n * Math.log1p(-x)));
    }
    if (n > SMIRNOV_MAX_COMPUTE_N) {
      final double logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
      return logp < -Math.log(2) ? Math.exp(logp) : 1 + Math.expm1(logp);
    }
    // The terms rise to one peak and fall: find the peak by ternary search on
    // their logarithms, then sum outwards from it until what is left cannot
    // matter (cephes' criterion, applied in both directions), so a million
    // values cost a few thousand terms rather than a million.
    final int last = lastTerm;
    int lo = 0;
    int hi = last;
    while (hi - lo > 2) {
      final int m1 = lo + (hi - lo) / 3;
      final int m2 = hi - (hi - lo) / 3;
      if (logTerm(n, x, m1) < logTerm(n, x, m2)) {
        lo = m1 + 1;
      } else {
        hi = m2 - 1;
      }
    }
    int peak = lo;
    for (int j = lo + 1; j <= hi; j++) {
      if (logTerm(n, x, j) > logTerm(n, x, peak)) {
        peak = j;
      }
    }
    final double logPeak = logTerm(n, x, peak);
    // Terms are summed scaled by the peak, so none underflows before it matters.
    double sum = 0;
    double compensation = 0;
    for (int direction = -1; direction <= 1; direction += 2) {
      for (int j = direction < 0 ? peak : peak + 1; j >= 0 && j <= last; j += direction) {
        final double term = Math.exp(logTerm(n, x, j) - logPeak);
        final double y = term - compensation;
        final double t = sum + y;
        compensation = (t - sum) - y;
        sum = t;
        final int left = direction < 0 ? j : last - j;
        if (4.0 * left * term < Math.ulp(1.0) * sum) {
          break;
        }
      }
    }
    return clip(Math.exp(Math.log(x * sum) + logPeak));
  }

  /**
   * The logarithm of the j-th Birnbaum-Tingey term
   * {@code C(n, j) p^(j-1) (1 - p)^(n-j)} with {@code p = x + j/n}: a
   * binomial log-probability (Loader's saddle-point form) minus {@code log p}.
   */
  private static double logTerm(int n, double x, int j) {
    if (j == 0) {
      return n * Math.log1p(-x) - Math.log(x);
    }
    final double p = x + (double) j / n;
    return new BinomialDistribution(null, n, p).logProbability(j) - Math.log(p);

  }
}
