import type { SaxesTagNS } from 'saxes';
import type { DocumentLog } from '../document/document-log.ts';
import { streamXml } from '../document/xml-stream.ts';
import {
  BOOLEAN,
  ELEMENT_TYPE,
  isIdList,
  NIST_NAMESPACE,
  NUMERIC,
  POLYMORPHIC,
  REPEATED,
  TEXT,
} from './nist-xml-layout.ts';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

interface Frame {
  readonly name: string;
  readonly path: string;
  /** The object being built; null for an element holding text. */
  object: Record<string, unknown> | null;
  readonly kind: 'object' | 'text' | 'leaf' | 'language-string';
  text: string;
  readonly language: string;
}

/** A NIST XML report read into the JSON shape, with the line each element started on. */
export interface NistXmlRead {
  readonly report: unknown;
  readonly lineOf: (path: string) => number | null;
}

/**
 * Reads a NIST SP 1500-100 v2 XML report (streamed) into the same shape as the JSON format, so
 * one set of checks and one importer serve both: `ObjectId` becomes `@id`, `xsi:type` (or the
 * element's own type) `@type`, id lists arrays, numbers and booleans typed. Paths are the JSON
 * paths (`Election[0].Contest[2].ContestSelection[0].VoteCounts[5]`), each with its line.
 */
export async function readNistXml(
  chunks: AsyncIterable<string>,
  log: DocumentLog,
): Promise<NistXmlRead | null> {
  const lines = new Map<string, number>();
  const stack: Frame[] = [];
  // Set from the parser's callbacks.
  const state: { root: Record<string, unknown> | null; wrongRoot: boolean } = {
    root: null,
    wrongRoot: false,
  };

  const open = (tag: SaxesTagNS, line: number): void => {
    const name = tag.local;
    const parent = stack.at(-1);
    if (parent === undefined) {
      if (name !== 'ElectionReport' || tag.uri !== NIST_NAMESPACE) {
        state.wrongRoot = true;
        log.error(
          line,
          null,
          'schema',
          `the root element is ${tag.name} in namespace ${JSON.stringify(tag.uri)}, not a NIST SP 1500-100 v2 ElectionReport (${NIST_NAMESPACE})`,
        );
      }
      state.root = { '@type': 'ElectionResults.ElectionReport' };
      stack.push({ name, path: '', object: state.root, kind: 'object', text: '', language: '' });
      lines.set('', line);
      return;
    }
    if (parent.object === null) parent.object = {};
    const container = parent.object;
    let path = parent.path === '' ? name : `${parent.path}.${name}`;
    if (REPEATED.has(name)) {
      const list = container[name];
      path += `[${Array.isArray(list) ? list.length : 0}]`;
    }
    lines.set(path, line);
    if (parent.kind === 'text' && name === 'Text') {
      stack.push({
        name,
        path,
        object: null,
        kind: 'language-string',
        text: '',
        language: tag.attributes['Language']?.value ?? '',
      });
      return;
    }
    const parentType = typeof container['@type'] === 'string' ? container['@type'] : '';
    const plainString =
      parentType.endsWith('Contest') && (name === 'Name' || name === 'Abbreviation');
    if (TEXT.has(name) && !plainString) {
      const object = { '@type': 'ElectionResults.InternationalizedText', Text: [] as unknown[] };
      stack.push({ name, path, object, kind: 'text', text: '', language: '' });
      return;
    }
    const xsiType = Object.values(tag.attributes).find(
      (attribute) => attribute.uri === XSI && attribute.local === 'type',
    )?.value;
    const type = xsiType?.replace(/^.*:/, '') ?? ELEMENT_TYPE[name];
    if (type !== undefined || POLYMORPHIC.has(name)) {
      const object: Record<string, unknown> = { '@type': `ElectionResults.${type ?? name}` };
      const id = tag.attributes['ObjectId']?.value;
      if (id !== undefined) object['@id'] = id;
      stack.push({ name, path, object, kind: 'object', text: '', language: '' });
      return;
    }
    stack.push({ name, path, object: null, kind: 'leaf', text: '', language: '' });
  };

  const close = (): void => {
    const frame = stack.pop();
    const parent = stack.at(-1);
    if (frame === undefined || parent === undefined) return;
    if (frame.kind === 'language-string') {
      const list = parent.object?.['Text'];
      if (Array.isArray(list))
        list.push({
          '@type': 'ElectionResults.LanguageString',
          Language: frame.language,
          Content: frame.text.trim(),
        });
      return;
    }
    const value = frame.object ?? leafValue(frame.name, frame.text.trim());
    if (parent.object === null) parent.object = {};
    if (REPEATED.has(frame.name)) {
      const list = parent.object[frame.name];
      if (Array.isArray(list)) list.push(value);
      else parent.object[frame.name] = [value];
    } else parent.object[frame.name] = value;
  };

  const ok = await streamXml(
    chunks,
    {
      open,
      text: (text) => {
        const frame = stack.at(-1);
        if (frame !== undefined) frame.text += text;
      },
      close,
    },
    log,
  );
  if (!ok || state.wrongRoot || state.root === null) return null;
  return {
    report: state.root,
    lineOf: (path) => {
      for (let at = path; ; at = at.replace(/(\.[^.[]+|\[\d+\])$/, '')) {
        const line = lines.get(at);
        if (line !== undefined) return line;
        if (at === '') return null;
      }
    },
  };
}

function leafValue(name: string, text: string): unknown {
  if (isIdList(name)) return text.split(/\s+/).filter((id) => id !== '');
  if (NUMERIC.has(name) && /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text))
    return Number(text);
  if (BOOLEAN.has(name)) {
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
  }
  return text;
}
