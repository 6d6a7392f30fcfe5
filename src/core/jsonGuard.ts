/**
 * Guards for JSON text from outside (a link, a file, stdin): its size and nesting depth are checked before
 * anything parses or walks it, because every walker (JSON.parse's result handed to a schema, a structured clone,
 * a repair pass) recurses, and a text of 5,000 brackets would overflow the stack instead of getting a message.
 */
import { FieldError } from './types';

/** How deeply `text` nests its JSON arrays and objects, counting brackets outside strings (no parsing, no recursion). */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return deepest;
}

export interface JsonLimits {
  /** The field named in the error, e.g. "link", "file", "model file". */
  field: string;
  maxDepth: number;
  /** Characters of text. */
  maxChars: number;
}

function sizeInWords(chars: number): string {
  return chars >= 2 ** 20
    ? `${(chars / 2 ** 20).toFixed(0)} MB`
    : chars >= 1024
      ? `${(chars / 1024).toFixed(0)} kB`
      : `${chars} characters`;
}

/** Throws a FieldError naming `limits.field` when `text` is too long or nests too deeply; otherwise does nothing. */
export function checkJsonText(text: string, limits: JsonLimits): void {
  if (text.length > limits.maxChars)
    throw new FieldError(
      limits.field,
      `is ${sizeInWords(text.length)}, more than the ${sizeInWords(limits.maxChars)} allowed`,
    );
  const depth = jsonNestingDepth(text);
  if (depth > limits.maxDepth) throw new FieldError(limits.field, `nested deeper than ${limits.maxDepth} levels`);
}
