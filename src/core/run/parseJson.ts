/**
 * JSON.parse with a useful error: the line and column of the first offending character. JSON.parse's own
 * messages give a character offset for some mistakes and none for others, so on failure a small
 * recursive-descent scan of the JSON grammar (RFC 8259) locates the error.
 */
import { checkJsonText } from '../jsonGuard';
import type { JsonLimits } from '../jsonGuard';
import { FieldError } from '../types';

/**
 * What a scenario or job file may be: a scenario nests 5 levels and is a few kB; a job with its data points
 * (user points for training) stays well under a few MB. Anything beyond is refused before it is parsed or walked.
 */
export const INPUT_JSON_LIMITS: JsonLimits = { field: 'json', maxDepth: 64, maxChars: 16 * 1024 * 1024 };

/**
 * Parses JSON text or throws FieldError('json', 'line L, column C: …'); text that is too long or nests too deeply
 * is refused first, by the same field (e.g. `json: nested deeper than 64 levels`).
 */
export function parseJsonText(raw: string, limits: JsonLimits = INPUT_JSON_LIMITS): unknown {
  // A byte-order mark, as some editors save, is not JSON but carries no meaning either.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  checkJsonText(text, limits);
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's own message may quote the whole input; the scan's is short and says where.
    const where = locateJsonError(text);
    throw new FieldError('json', `line ${where.line}, column ${where.column}: ${where.problem}`);
  }
}

export interface JsonErrorLocation {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  problem: string;
}

class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** The position of the first syntax error in `text` (end of text when it is only truncated). */
export function locateJsonError(text: string): JsonErrorLocation {
  let offset = text.length;
  let problem: string;
  try {
    new JsonScanner(text).document();
    problem = 'invalid JSON';
  } catch (e) {
    if (!(e instanceof JsonScanError)) throw e;
    offset = e.offset;
    problem = e.problem;
  }
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, problem };
}

/** A JSON number at a given offset (sticky: matches only at lastIndex). */
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class JsonScanner {
  private i = 0;

  constructor(private readonly s: string) {}

  document(): void {
    this.value();
    this.ws();
    if (this.i < this.s.length) this.fail('unexpected text after the JSON value');
  }

  private fail(problem: string): never {
    throw new JsonScanError(this.i, this.i >= this.s.length ? 'unexpected end of input' : problem);
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  private value(): void {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') this.object();
    else if (c === '[') this.array();
    else if (c === '"') this.string();
    else if (c === '-' || (c >= '0' && c <= '9')) this.number();
    else if (!this.literal('true') && !this.literal('false') && !this.literal('null'))
      this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private literal(word: string): boolean {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
      return true;
    }
    return false;
  }

  private object(): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a double-quoted property name');
      this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':' after the property name");
      this.i++;
      this.value();
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] === '}') {
        this.i++;
        return;
      } else this.fail("expected ',' or '}'");
    }
  }

  private array(): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] === ']') {
        this.i++;
        return;
      } else this.fail("expected ',' or ']'");
    }
  }

  private string(): void {
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) this.fail('bad \\u escape');
          this.i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i += 2;
        else this.fail('bad escape sequence');
      } else if (c < ' ') this.fail('control character inside a string');
      else this.i++;
    }
    this.fail('unterminated string');
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (!m) this.fail('malformed number');
    this.i += m[0].length;
  }
}
