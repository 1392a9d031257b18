package io.bzzz.agent.schedule;

/**
 * A bid's score and the four terms it is made of, each in [0, 1]: {@code total = w_c capability +
 * w_l load + w_p performance + w_r resources} ({@link ScoreWeights}). Everything is rounded to six
 * decimals (see {@link Terms#quantize}).
 */
public record Score(
    double capability, double load, double performance, double resources, double total) {

  public static Score of(
      ScoreWeights w, double capability, double load, double performance, double resources) {
    double c = Terms.quantize(Terms.clamp(capability));
    double l = Terms.quantize(Terms.clamp(load));
    double p = Terms.quantize(Terms.clamp(performance));
    double r = Terms.quantize(Terms.clamp(resources));
    return new Score(
        c,
        l,
        p,
        r,
        Terms.quantize(
            w.capability() * c + w.load() * l + w.performance() * p + w.resources() * r));
  }
}
