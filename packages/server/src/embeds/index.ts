export * from './embed-script.ts';
export * from './render-embed.ts';
