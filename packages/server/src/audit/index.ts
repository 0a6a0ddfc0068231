export * from './audit-errors.ts';
export * from './audit-migration.ts';
export * from './audit-records.ts';
export * from './audit-state.ts';
export * from './audit-tables.ts';
export * from './audit-workflow.ts';
