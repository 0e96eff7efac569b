/**
 * Seeded random numbers for reproducible simulations (the error-rate tests draw their runs
 * from it; the posterior figures are integrals, stats/posterior-max.ts): mulberry32 uniforms, Box–Muller normals, Marsaglia–Tsang gammas and Beta draws.
 */

export interface Rng {
  next: () => number;
  normal: () => number;
  gamma: (shape: number) => number;
  beta: (a: number, b: number) => number;
}

/** A reproducible generator from a 32-bit seed. */
export function seededRandom(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const gamma = (shape: number): number => {
    // Marsaglia & Tsang (2000); shape < 1 by the boost Γ(a) = Γ(a + 1) · U^(1/a).
    if (shape < 1) return gamma(shape + 1) * Math.pow(1 - next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - next();
      // The paper's squeeze: it accepts only draws the exact test below would accept too, so the
      // stream and the results are unchanged; it skips the two logarithms for ~98 % of them.
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const beta = (a: number, b: number): number => {
    const x = gamma(a);
    return x / (x + gamma(b));
  };
  return { next, normal, gamma, beta };
}
