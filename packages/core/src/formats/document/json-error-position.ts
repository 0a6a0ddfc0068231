/**
 * Finds where a JSON text first goes wrong, as a 1-based line and column: JSON.parse in Node 20
 * often says only "is not valid JSON", and a results file can be megabytes long. Returns null
 * when the text is valid.
 * @example jsonErrorPosition('{\n "a": }') // { line: 2, column: 7 }
 */
export function jsonErrorPosition(text: string): { line: number; column: number } | null {
  let at = 0;
  const fail = (): never => {
    throw new JsonSyntaxAt(at);
  };
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at] ?? '')) at++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, at)) at += word.length;
    else fail();
  };
  const string = (): void => {
    at++;
    while (at < text.length) {
      const char = text[at] ?? '';
      if (char === '"') {
        at++;
        return;
      }
      if (char === '\\') {
        const next = text[at + 1] ?? '';
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) fail();
          at += 6;
        } else if ('"\\/bfnrt'.includes(next) && next !== '') at += 2;
        else fail();
      } else if (char < ' ') fail();
      else at++;
    }
    fail();
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 64));
    if (match === null) fail();
    else at += match[0].length;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail();
    space();
    const char = text[at];
    if (char === '{') {
      at++;
      space();
      if (text[at] === '}') {
        at++;
        return;
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail();
        string();
        space();
        if (text[at] !== ':') fail();
        at++;
        value(depth + 1);
        space();
        if (text[at] === ',') at++;
        else if (text[at] === '}') {
          at++;
          return;
        } else fail();
      }
    } else if (char === '[') {
      at++;
      space();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (;;) {
        value(depth + 1);
        space();
        if (text[at] === ',') at++;
        else if (text[at] === ']') {
          at++;
          return;
        } else fail();
      }
    } else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else number();
  };
  try {
    value(0);
    space();
    if (at < text.length) fail();
    return null;
  } catch (error) {
    if (!(error instanceof JsonSyntaxAt)) throw error;
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    return { line, column: error.offset - before.lastIndexOf('\n') };
  }
}

class JsonSyntaxAt extends Error {
  readonly offset: number;
  constructor(offset: number) {
    super(`JSON syntax error at ${offset}`);
    this.offset = offset;
  }
}
