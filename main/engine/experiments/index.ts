/** The experiments engine's public face. */
export { analyzeExperiments, chooseControl, factorsOf, runsPerDay } from './analyze';
export { analyzeFactorSums, allocation, guardrailFor, type ExperimentSpec, type SumsContext } from './analyze-sums';
export { versionEvolution, parseVersion, compareVersions, type EvolutionResult, type VersionRow, type DeprecationCandidate } from './evolution';
export { addRun, emptyArm, mergeArm, buildFactorSums, type ArmSums, type FactorSums } from './sums';
export type * from './types';
