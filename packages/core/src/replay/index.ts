export * from './night-plan.ts';
