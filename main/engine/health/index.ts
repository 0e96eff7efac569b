/** Project health: change points, degradation alerts, recovery proposals, baselines, anomalies. */
export { computeHealth, RECENT_WINDOW_RUNS, type HealthInput, type ProjectHealth } from './compute-health';
export { bucketsFromRuns, runBucketFacts, stepBucketFacts } from './bucket-fold';
export { addToBucket, emptyBucket, mergeBuckets, dayOf, type DailyBucket, type Moments } from './daily-buckets';
export type * from './types';
