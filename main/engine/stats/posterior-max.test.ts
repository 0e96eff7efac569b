import { describe, expect, it } from 'vitest';
import { betaDist, normalDist, posteriorFiguresByQuadrature } from './posterior-max';

// Reference values: scipy 1.17.1, integrate.quad (epsabs 1e-13) of the same integrals, e.g.
// P(i best) = quad(lambda x: beta(1+s_i, 1+f_i).pdf(x) * prod(F_j(x) for j != i), 0, 1).
const near = (got: number, want: number, tol = 1e-6): void => expect(Math.abs(got - want)).toBeLessThan(tol);

describe('posterior figures by quadrature', () => {
  it('three Beta posteriors (45/50, 40/50, 30/40) match scipy to 1e-6', () => {
    const arms = [[45, 50], [40, 50], [30, 40]].map(([s, n]) => betaDist(1 + s, 1 + n - s));
    const ref = [
      [0, 0.89559408781512, 0.0034801375131729984],
      [0.0860878623547542, 0.08096917377721737, 0.09963398366701914],
      [0.031116189202437333, 0.023436738407662812, 0.15000028403331944],
    ];
    posteriorFiguresByQuadrature(arms, 0).forEach((x, i) => {
      near(x.prob_beat_control, ref[i][0]);
      near(x.prob_best, ref[i][1]);
      near(x.expected_loss, ref[i][2]);
    });
  });

  it('skewed and very narrow Beta posteriors (0/100, 100/100, 3/5, 999/1000)', () => {
    const arms = [[0, 100], [100, 100], [3, 5], [999, 1000]].map(([s, n]) => betaDist(1 + s, 1 + n - s));
    const ref = [
      [0, 4.655660064781533e-148, 0.9884659351410291],
      [1, 0.17497865697351767, 0.008073778278283927],
      [0.9999970933668697, 3.288568516544003e-7, 0.4268412852810851],
      [1, 0.8250210141696265, 0.0002658646936885001],
    ];
    posteriorFiguresByQuadrature(arms, 0).forEach((x, i) => {
      near(x.prob_beat_control, ref[i][0]);
      near(x.prob_best, ref[i][1]);
      near(x.expected_loss, ref[i][2]);
    });
  });

  it('normals of very different widths (sd 0.01 … 1)', () => {
    const arms = [[0, 0.1], [0.05, 0.3], [-0.2, 0.01], [0.1, 1]].map(([m, s]) => normalDist(m, s));
    const ref = [
      [0, 0.20469919231668676, 0.5336254271719688],
      [0.5628164694185541, 0.3136649793450117, 0.4836254271719688],
      [0.023291371261507748, 0.001826620138233415, 0.7336254271719689],
      [0.5396308323977886, 0.4798092082000688, 0.43362542717196884],
    ];
    const got = posteriorFiguresByQuadrature(arms, 0);
    got.forEach((x, i) => {
      near(x.prob_beat_control, ref[i][0]);
      near(x.prob_best, ref[i][1]);
      near(x.expected_loss, ref[i][2]);
    });
    near(got.reduce((s, x) => s + x.prob_best, 0), 1, 1e-9);
  });

  it('one arm is best for sure; none gives nothing', () => {
    expect(posteriorFiguresByQuadrature([betaDist(3, 2)], 0)).toEqual([{ prob_beat_control: 0, prob_best: expect.closeTo(1, 9), expected_loss: expect.closeTo(0, 9) }]);
    expect(posteriorFiguresByQuadrature([], 0)).toEqual([]);
  });
});
