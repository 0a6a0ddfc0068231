export * from './export-nist.ts';
export * from './nist-report.ts';
export * from './nist-checks.ts';
export { NistReportSchema, type NistReportIn } from './nist-schema.ts';
export { importNistJson } from './import-nist-json.ts';
export { encodeIdPart, decodeIdPart } from './nist-ids.ts';
export { nistXml } from './nist-xml.ts';
export { importNistXml } from './import-nist-xml.ts';
