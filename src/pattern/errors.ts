/** Errors of the pattern module. */

/**
 * A pattern that is not valid STIX 2.1 patterning: bad syntax, a bad constant or a broken
 * semantic rule of §9. `position` is a 0-based UTF-16 offset into the pattern text (what
 * String.prototype.slice takes).
 */
export class PatternSyntaxError extends Error {
  override readonly name = 'PatternSyntaxError';
  constructor(
    readonly position: number,
    /** What the parser wanted at `position`, in words. */
    readonly expected: string,
    /** What it found there: a quoted excerpt, or "the end of the pattern". */
    readonly found: string,
    /** Replaces the default `expected X but found Y` wording for semantic rules. */
    detail?: string,
  ) {
    super(`at ${position}: ${detail ?? `expected ${expected} but found ${found}`}`);
  }
}

/** The evaluator gave up: the pattern needs more combination steps than the budget allows. */
export class PatternEvaluationLimitError extends Error {
  override readonly name = 'PatternEvaluationLimitError';
  constructor(readonly budget: number) {
    super(`pattern evaluation stopped after ${budget} combination steps (budget exhausted)`);
  }
}

/** Quoted excerpt of source text for error messages, shortened so messages stay one line. */
export function quoteFound(text: string): string {
  if (text.length === 0) return 'the end of the pattern';
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  // Constants carry their own apostrophes; wrap those in double quotes to stay readable.
  return short.includes("'") ? `"${short}"` : `'${short}'`;
}
