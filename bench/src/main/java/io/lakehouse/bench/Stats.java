package io.lakehouse.bench;

import java.util.List;

/** Medians, minima and geometric means of timings in milliseconds. */
final class Stats {
  private Stats() {}

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (a.length == 0) {
      return Double.NaN;
    }
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  static double min(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double geomean(List<Double> ratios) {
    return Math.exp(ratios.stream().mapToDouble(Math::log).average().orElse(Double.NaN));
  }

  /** "median (min)" with a width that keeps columns aligned. */
  static String cell(List<Double> xs) {
    return xs == null ? String.format("%19s", "–") : String.format("%9.1f (%7.1f)", median(xs), min(xs));
  }
}
