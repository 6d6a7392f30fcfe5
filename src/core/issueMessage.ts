/**
 * A zod issue in the words the page, the files' messages and the CLI show. zod's own words are kept where they
 * already say what is allowed ("Too big: expected number to be <=65536"); two of them are rewritten: a union's
 * unknown `kind` (zod: "Invalid input") names the value given and the kinds there are, and a value of the wrong
 * type (zod: "Invalid input: expected number, received string") says what it must be and what it was.
 */
import type { z } from './zod';

type Issue = z.core.$ZodIssue;

/** A given string as a message quotes it: at most 40 characters. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** A value as a sentence names it: `the text "0.7"`, `null`, `a list`, `an object`. */
function valueWords(value: unknown): string {
  if (typeof value === 'string') return `the text ${quoted(value)}`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

const EXPECTED_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  tuple: 'a list',
};

/**
 * The message for one issue. The value given is named only when the parse reported it (`safeParse(input, REPORT_INPUT)`:
 * zod leaves it out of its issues otherwise).
 */
export function issueMessage(issue: Issue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  const reported = 'input' in issue;
  if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    const key = String(issue.discriminator);
    const given = reported ? (issue.input as Record<string, unknown> | undefined)?.[key] : undefined;
    const options = ((issue as { options?: unknown[] }).options ?? []).map((o) => JSON.stringify(o)).join(', ');
    const said = given === undefined ? `${key} must be` : `${key} ${typeof given === 'string' ? quoted(given) : valueWords(given)} is not known; it must be`;
    return options ? `${said} one of ${options}` : `${key} must be one of the documented kinds`;
  }
  if (issue.code === 'invalid_type' && reported) {
    const expected = EXPECTED_WORDS[issue.expected] ?? issue.expected;
    return issue.input === undefined ? `is missing (must be ${expected})` : `must be ${expected}, not ${valueWords(issue.input)}`;
  }
  return issue.message;
}

/** Parse options that keep the value given in each issue, for issueMessage to name. */
export const REPORT_INPUT = { reportInput: true } as const;
