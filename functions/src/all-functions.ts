import { type Services } from './composition';
import { type FunctionDefinition } from './function-registry';
import { clientConfigFunction } from './functions/client-config';
import { healthFunction } from './functions/health';

/** The complete list of Pairwise's functions, built from the composed services. */
export function allFunctions(services: () => Services): FunctionDefinition[] {
  return [healthFunction(() => services().healthProbes), clientConfigFunction(() => services().config)];
}
