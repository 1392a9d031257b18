package io.bzzz.agent.schedule;

/** Arithmetic shared by the score terms. */
final class Terms {
  private Terms() {}

  /** NaN and anything outside [0, 1] pulled into it (NaN counts as 0). */
  static double clamp(double v) {
    return v >= 0 ? Math.min(1, v) : 0;
  }

  /**
   * Rounded to six decimals: a score travels as JSON text, and equal scores must compare equal on
   * every agent so that the tie-break decides.
   */
  static double quantize(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
