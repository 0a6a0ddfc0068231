import { SaxesParser, type SaxesTagNS } from 'saxes';
import { SourceFileError } from '../source-file-error.ts';
import type { DocumentLog } from './document-log.ts';

/** What an XML reader does with each event; `line` is where the event was read. */
export interface XmlHandlers {
  open(tag: SaxesTagNS, line: number): void;
  text(text: string): void;
  close(tag: SaxesTagNS, line: number): void;
}

/**
 * Streams XML text chunks through a namespace-aware SAX parser (saxes), so a large document is
 * never held whole as a tree. The first syntax error is logged with its line and reading stops;
 * returns whether the document was well-formed and had any element.
 */
export async function streamXml(
  chunks: AsyncIterable<string>,
  handlers: XmlHandlers,
  log: DocumentLog,
): Promise<boolean> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  // Set from the parser's callbacks.
  const state = { failed: false, sawElement: false };
  parser.on('error', (error) => {
    if (state.failed) return;
    state.failed = true;
    log.error(
      parser.line,
      null,
      'malformed',
      `not well-formed XML: ${error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')}`,
    );
  });
  parser.on('opentag', (tag) => {
    if (state.failed) return;
    state.sawElement = true;
    handlers.open(tag, parser.line);
  });
  parser.on('text', (text) => {
    if (!state.failed) handlers.text(text);
  });
  parser.on('cdata', (text) => {
    if (!state.failed) handlers.text(text);
  });
  parser.on('closetag', (tag) => {
    if (!state.failed) handlers.close(tag, parser.line);
  });
  let sawText = false;
  try {
    for await (const chunk of chunks) {
      if (chunk.length === 0) continue;
      if (!sawText) {
        const start = chunk.replace(/^\ufeff/, '').trimStart();
        if (start !== '' && !start.startsWith('<')) {
          log.error(
            (/^\ufeff?(\s*)/.exec(chunk)?.[1] ?? '').split('\n').length,
            null,
            'malformed',
            `not XML: the file starts with ${JSON.stringify(start.slice(0, 20))}, not an element`,
          );
          return false;
        }
      }
      parser.write(sawText ? chunk : chunk.replace(/^\ufeff/, ''));
      sawText = true;
      if (state.failed) break;
    }
    if (!state.failed && sawText) parser.close();
  } catch (error) {
    if (!(error instanceof SourceFileError)) throw error;
    for (const item of error.errors) log.error(item.line, item.column, 'encoding', item.reason);
    return false;
  }
  if (!sawText) {
    log.error(null, null, 'empty-file', 'the file is empty');
    return false;
  }
  return !state.failed && state.sawElement;
}
