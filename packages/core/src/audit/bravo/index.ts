export * from './bravo.ts';
export * from './bravo-math.ts';
export * from './not-found.ts';
