export * from './macro.ts';
export * from './macro-pairs.ts';
