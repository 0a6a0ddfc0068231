export * from './recount-rules-file.ts';
export * from './with-recount-sections.ts';
export * from './recount-section-schema.ts';
export * from './recount-store.ts';
export * from './recount-service.ts';
export * from './recount-migration.ts';
