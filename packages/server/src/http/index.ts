export * from './app.ts';
export * from './errors.ts';
export * from './schemas.ts';
export * from './server.ts';
export * from './openapi.ts';
export * from './logger.ts';
