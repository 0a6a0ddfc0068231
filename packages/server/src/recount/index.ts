export * from './recount-rules-file.ts';
export * from './with-recount-sections.ts';
export * from './recount-section-schema.ts';
