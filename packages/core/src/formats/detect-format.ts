/** The results formats `canvass import` reads. */
export const SUBMISSION_FORMATS = [
  'openelections',
  'nist-json',
  'nist-xml',
  'clarity-xml',
] as const;

/** A results format. */
export type SubmissionFormat = (typeof SUBMISSION_FORMATS)[number];

/** Whether a stored submission's format is one of the document formats (not a CSV). */
export function isDocumentFormat(
  format: string,
): format is Exclude<SubmissionFormat, 'openelections'> {
  return format === 'nist-json' || format === 'nist-xml' || format === 'clarity-xml';
}

/**
 * Tells a results file's format from its first few kilobytes: a JSON object naming a NIST
 * `ElectionResults.ElectionReport`, an XML document whose root is NIST's `ElectionReport` or
 * Clarity's `ElectionResult`, or else an OpenElections CSV (whose importer explains what is wrong
 * with a file that is not one). Null for JSON or XML that is none of these.
 * @example detectFormat('<?xml version="1.0"?>\n<ElectionResult>') // 'clarity-xml'
 */
export function detectFormat(head: string): SubmissionFormat | null {
  const text = head.replace(/^\ufeff/, '').trimStart();
  if (text.startsWith('{'))
    return /"@type"\s*:\s*"ElectionResults\.ElectionReport"/.test(text) ||
      /"ElectionResults\./.test(text)
      ? 'nist-json'
      : null;
  if (text.startsWith('<')) {
    // Skip the declaration, comments, processing instructions and a doctype to the root element.
    const body = text.replace(/^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|\s+)*/i, '');
    const root = /^<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(body)?.[1];
    if (root === 'ElectionReport') return 'nist-xml';
    if (root === 'ElectionResult') return 'clarity-xml';
    return null;
  }
  return 'openelections';
}
