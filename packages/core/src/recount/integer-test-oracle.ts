import { assert } from '../util/assert.ts';

type Value = bigint | boolean;

const TOKEN = /\s*(<=|>=|==|<|>|\(|\)|\*|\+|-|\d+|[A-Za-z_][A-Za-z_0-9]*)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.trimEnd().length) {
    const match = TOKEN.exec(text);
    assert(
      match?.[1] !== undefined,
      `cannot read integer_test at ${String(TOKEN.lastIndex)}: ${text}`,
    );
    tokens.push(match[1]);
  }
  return tokens;
}

/**
 * Evaluates a rule's `integer_test` string from the data (e.g. `200*margin <= T_office`) with
 * BigInt values. It exists so tests can check the structured `test` of every rule against the
 * researchers' own integer form, which was written independently of it. Throws on a name
 * missing from `values` (a bug in the caller, not bad input).
 * @example integerTestHolds('200*margin <= T_office', { margin: 6743n, T_office: 1348720n }) // true
 */
export function integerTestHolds(text: string, values: Readonly<Record<string, bigint>>): boolean {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const next = (): string => {
    const token = tokens[at];
    assert(token !== undefined, `unexpected end of integer_test: ${text}`);
    at += 1;
    return token;
  };
  const num = (v: Value): bigint => {
    assert(typeof v === 'bigint', `expected a number in ${text}`);
    return v;
  };
  const bool = (v: Value): boolean => {
    assert(typeof v === 'boolean', `expected a condition in ${text}`);
    return v;
  };
  const atom = (): Value => {
    const token = next();
    if (token === '(') {
      const inner = or();
      assert(next() === ')', `unbalanced parentheses in ${text}`);
      return inner;
    }
    if (/^\d+$/.test(token)) return BigInt(token);
    const value = values[token];
    assert(value !== undefined, `unknown name ${token} in ${text}`);
    return value;
  };
  const product = (): Value => {
    let value = atom();
    while (peek() === '*') {
      next();
      value = num(value) * num(atom());
    }
    return value;
  };
  const sum = (): Value => {
    let value = product();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      next();
      value = op === '+' ? num(value) + num(product()) : num(value) - num(product());
    }
    return value;
  };
  const comparison = (): Value => {
    const left = sum();
    const op = peek();
    if (op !== '<=' && op !== '<' && op !== '>=' && op !== '>' && op !== '==') return left;
    next();
    const a = num(left);
    const b = num(sum());
    if (op === '<=') return a <= b;
    if (op === '<') return a < b;
    if (op === '>=') return a >= b;
    if (op === '>') return a > b;
    return a === b;
  };
  const and = (): Value => {
    let value = comparison();
    while (peek() === 'and') {
      next();
      const right = bool(comparison());
      value = bool(value) && right;
    }
    return value;
  };
  function or(): Value {
    let value = and();
    while (peek() === 'or') {
      next();
      const right = bool(and());
      value = bool(value) || right;
    }
    return value;
  }
  const result = bool(or());
  assert(at === tokens.length, `trailing text in integer_test: ${text}`);
  return result;
}
