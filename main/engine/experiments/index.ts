/** The experiments engine's public face. */
export { analyzeExperiments, chooseControl, experimentsFromSums, factorsOf, runsPerDay } from './analyze';
export { allocation } from './allocation';
export { analyzeFactorSums, guardrailFor, type ExperimentSpec, type SumsContext } from './analyze-sums';
export { evolutionOfArms, versionEvolution, parseVersion, compareVersions, type EvolutionResult, type VersionRow, type DeprecationCandidate } from './evolution';
export { addRun, emptyArm, mergeArm, mergeFactorSums, buildFactorSums, type ArmSums, type FactorSums } from './sums';
export type * from './types';
export { EXPERIMENT_FACTORS, type ProjectExperimentSums } from './stored-sums';
export { analysisSums, canonicalSums, runsPerDayOf } from './stored-factor-sums';
export { buildAllFactorSums } from './sums';
