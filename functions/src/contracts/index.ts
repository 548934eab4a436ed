/**
 * The Pairwise API's contracts: one zod schema per request and response, shared by the functions and the tab.
 * No Azure or Node imports here. Described in docs/api.md.
 */
export * from './admin';
export * from './client-config';
export * from './common';
export * from './employee';
export * from './meetings';
export * from './queue';
export * from './workspace';
