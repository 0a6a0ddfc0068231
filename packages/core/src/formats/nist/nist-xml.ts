import type { NistElectionReport } from './nist-report.ts';
import { isIdList, NIST_NAMESPACE, POLYMORPHIC, XML_ORDER } from './nist-xml-layout.ts';

const TYPE_PREFIX = 'ElectionResults.';

/**
 * Writes a NIST report as XML in the v2 namespace, following the XSD's element order, in blocks
 * (one per reporting unit, party, contest, ...) so a state-wide report is never one huge string.
 * Ids become `ObjectId` attributes, id lists space-separated, and reporting units, contests and
 * selections carry `xsi:type`.
 * @example for (const block of nistXml(report)) process.stdout.write(block);
 */
export function* nistXml(report: NistElectionReport): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<ElectionReport xmlns="${NIST_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n`;
  const record = report as unknown as Record<string, unknown>;
  for (const name of XML_ORDER['ElectionReport'] ?? []) {
    const value = record[name];
    if (value === undefined) continue;
    if (name === 'Election' && Array.isArray(value)) {
      for (const election of value as Record<string, unknown>[]) yield* electionXml(election);
      continue;
    }
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value])
      yield `${element(name, item, '  ')}\n`;
  }
  yield '</ElectionReport>\n';
}

/** An election, with one block per contest (contests hold most of the counts). */
function* electionXml(election: Record<string, unknown>): Generator<string> {
  yield '  <Election>\n';
  for (const name of XML_ORDER['Election'] ?? []) {
    const value = election[name];
    if (value === undefined) continue;
    for (const item of Array.isArray(value) && !isIdList(name) ? (value as unknown[]) : [value])
      yield `${element(name, item, '    ')}\n`;
  }
  yield '  </Election>\n';
}

function element(name: string, value: unknown, indent: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return `${indent}<${name}>${escapeText(String(value))}</${name}>`;
  if (Array.isArray(value))
    return `${indent}<${name}>${escapeText((value as string[]).join(' '))}</${name}>`;
  const object = value as Record<string, unknown>;
  const type = (typeof object['@type'] === 'string' ? object['@type'] : '').replace(
    TYPE_PREFIX,
    '',
  );
  if (type === 'InternationalizedText') {
    const texts = object['Text'] as { Language: string; Content: string }[];
    const inner = texts
      .map(
        (text) =>
          `<Text Language="${escapeAttribute(text.Language)}">${escapeText(text.Content)}</Text>`,
      )
      .join('');
    return `${indent}<${name}>${inner}</${name}>`;
  }
  const order = XML_ORDER[type];
  if (order === undefined) throw new Error(`no XML layout for ${type}`);
  const id = object['@id'];
  const attributes =
    (typeof id === 'string' ? ` ObjectId="${escapeAttribute(id)}"` : '') +
    (POLYMORPHIC.has(name) ? ` xsi:type="${type}"` : '');
  const children: string[] = [];
  for (const child of order) {
    const childValue = object[child];
    if (childValue === undefined) continue;
    const items =
      Array.isArray(childValue) && !isIdList(child) ? (childValue as unknown[]) : [childValue];
    for (const item of items) children.push(element(child, item, `${indent}  `));
  }
  return `${indent}<${name}${attributes}>\n${children.join('\n')}\n${indent}</${name}>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
