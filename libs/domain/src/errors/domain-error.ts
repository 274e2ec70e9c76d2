import type { ValidationIssue } from './validation-issue.js';

/**
 * A coded domain error. Use cases throw these; each transport (REST, GraphQL, Kafka, CLI)
 * maps `code` to its own status (HTTP status, GraphQL extension code, DLQ reason, exit code).
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  readonly code: string;
  readonly issues: readonly ValidationIssue[];

  constructor(code: string, message: string, issues: readonly ValidationIssue[] = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}

/** The result type for operations that report problems instead of throwing. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(...issues: ValidationIssue[]): Result<T> {
  return { ok: false, issues };
}
