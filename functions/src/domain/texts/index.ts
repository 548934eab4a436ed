export * from './catalog';
export * from './locale';
export * from './render';
