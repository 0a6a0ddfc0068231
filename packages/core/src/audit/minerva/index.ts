export * from './distribution.ts';
export * from './minerva-math.ts';
export * from './minerva.ts';
export * from './providence.ts';
