/** Success prediction (seeds 001, 003): calibration measured on the time-ordered hold-out. */
import type { PredictionSummary } from '../../../../shared/learning';
import { formatCount } from '../../lib/format';
import { formatScore } from './learning-text';
import { LearningSection } from './section';

const METHOD: Record<PredictionSummary['method'], string> = {
  shrinkage: 'Shrinkage model (hierarchical logistic, empirical Bayes)',
  baseline: 'Base rate (the model lost to it on the hold-out)',
  none: 'No prediction',
};

export function PredictionBlock({ p }: { p: PredictionSummary }) {
  const better = p.brier != null && p.baseline_brier != null ? p.brier <= p.baseline_brier : null;
  return (
    <LearningSection
      id="prediction"
      title="Success prediction"
      subtitle="Fitted on the first 80 % of runs in time, scored on the latest 20 %: its Brier score against predicting the training pass rate."
      empty={p.method === 'none' ? p.reason : null}
    >
      <dl className="kv-grid learn-prediction">
        <div>
          <dt>Method</dt>
          <dd data-testid="prediction-method">{METHOD[p.method]}</dd>
        </div>
        <div>
          <dt>Brier on hold-out</dt>
          <dd className="num" data-testid="prediction-brier">{formatScore(p.brier)}</dd>
        </div>
        <div>
          <dt>Baseline Brier</dt>
          <dd className="num">{formatScore(p.baseline_brier)}</dd>
        </div>
        <div>
          <dt>Hold-out / training runs</dt>
          <dd className="num">
            {formatCount(p.holdout_n)} / {formatCount(p.train_n)}
          </dd>
        </div>
        <div>
          <dt>Hold-out ECE</dt>
          <dd className="num">{formatScore(p.holdout_ece)}</dd>
        </div>
        <div>
          <dt>Factors with an effect</dt>
          <dd className="small">{p.factors.length ? p.factors.map((f) => `${f.factor} (τ²=${f.tau2.toFixed(3)}, ${f.levels} levels)`).join(', ') : 'none'}</dd>
        </div>
      </dl>
      <p className={`small ${better === false ? 'tone-warn' : 'muted'}`}>
        {better === null ? p.reason : better ? `The model beats the base rate on the hold-out. ${p.reason}` : `The model did not beat the base rate, so predictions use the base rate. ${p.reason}`}
      </p>
      <p className="small muted">
        Per-run predictions: <code>runbrain predict &lt;dir&gt; --project ID --mode … --model …</code>.
      </p>
    </LearningSection>
  );
}
