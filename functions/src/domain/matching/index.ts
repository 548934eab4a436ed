/** The matching engine's public surface: plan a round, or solve a raw weighted graph. */
export { planRound, evaluateGroups, prepareRound, ALGORITHM_VERSION, type GroupQuality } from './plan-round';
export { solveMaximumWeightMatching, type MatchingSolution, type WeightedEdge } from './solver';
export { defaultWeights, describeWeight, resolveWeights } from './weights';
export { generateCompany, type SyntheticCompanyOptions } from './synthetic';
export type * from './types';
