/**
 * One thing wrong with an input, said so that a person can act on it:
 * where (RFC 6901 JSON pointer), what (a stable machine code and a sentence), and what was expected.
 */
export interface ValidationIssue {
  /** RFC 6901 JSON pointer into the submitted document, e.g. `/epcisBody/eventList/3/epcList/0`. */
  readonly pointer: string;
  /** Stable, machine-readable code, e.g. `GS1_CHECK_DIGIT`, `REQUIRED`, `CBV_UNKNOWN_BIZSTEP`. */
  readonly code: string;
  /** What is wrong, in plain language. */
  readonly message: string;
  /** What was expected instead, in plain language. */
  readonly expected: string;
}

/** Escapes one reference token for a JSON pointer (RFC 6901 §3: `~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a parent pointer and child tokens: `pointerJoin('/a', 'b', 0)` → `/a/b/0`. */
export function pointerJoin(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((t) => '/' + escapePointerToken(t)).join('');
}

/** Formats an issue as the one-line form the CLI and logs print. */
export function formatIssue(issue: ValidationIssue): string {
  return `${issue.pointer === '' ? '/' : issue.pointer}: ${issue.message}; expected ${issue.expected}`;
}
