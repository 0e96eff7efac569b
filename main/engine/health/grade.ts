/**
 * Overall health grade (documented in docs/health.md). Only ongoing alerts count, and of them
 * degradations, new error patterns and unhealthy agents (single anomalous runs count through
 * the anomaly share instead); a resolved episode does not lower the grade.
 * - poor: an ongoing critical alert;
 * - fair: an ongoing warning alert, or > 5 % of the last 7 days' runs anomalous;
 * - good: an ongoing info alert, or > 1 % of the last 7 days' runs anomalous;
 * - excellent: none of these.
 */
import type { Grade } from '../../../shared/health';
import type { HealthAlert } from './types';

export type { Grade } from '../../../shared/health';

export const GRADE_RULE = { fair_anomaly_share: 0.05, good_anomaly_share: 0.01 } as const;

/** Grade and the reasons behind it. */
export function gradeOf(alerts: readonly HealthAlert[], anomalousRecent: number, recentRuns: number): { grade: Grade; reasons: string[] } {
  const ongoing = alerts.filter((a) => a.status === 'ongoing' && a.kind !== 'anomaly');
  const share = recentRuns > 0 ? anomalousRecent / recentRuns : 0;
  const count = (s: HealthAlert['severity']): number => ongoing.filter((a) => a.severity === s).length;
  const reasons: string[] = [];
  const shareText = `${anomalousRecent} of ${recentRuns} runs in the last 7 days anomalous`;
  if (count('critical') > 0) {
    reasons.push(`${count('critical')} ongoing critical alert(s)`);
    return { grade: 'poor', reasons };
  }
  if (count('warning') > 0 || share > GRADE_RULE.fair_anomaly_share) {
    if (count('warning') > 0) reasons.push(`${count('warning')} ongoing warning alert(s)`);
    if (share > GRADE_RULE.fair_anomaly_share) reasons.push(shareText);
    return { grade: 'fair', reasons };
  }
  if (count('info') > 0 || share > GRADE_RULE.good_anomaly_share) {
    if (count('info') > 0) reasons.push(`${count('info')} ongoing minor alert(s)`);
    if (share > GRADE_RULE.good_anomaly_share) reasons.push(shareText);
    return { grade: 'good', reasons };
  }
  return { grade: 'excellent', reasons: ['no ongoing alert', shareText] };
}
