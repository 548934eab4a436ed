/** The matching engine's public surface: plan a round, or solve a raw weighted graph. */
export { ALGORITHM_VERSION, evaluateGroups, type GroupQuality, planRound, prepareRound } from './plan-round';
export { type MatchingSolution, solveMaximumWeightMatching, type WeightedEdge } from './solver';
export { generateCompany, generateSmallProgram, type SyntheticCompanyOptions } from './synthetic';
export type * from './types';
export { defaultWeights, describeWeight, resolveWeights } from './weights';
