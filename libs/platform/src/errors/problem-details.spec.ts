import { HttpException } from '@nestjs/common';
import { DomainError } from '@lotledger/domain';
import { LedgerUnavailableError } from '@lotledger/ledger';
import { describe, expect, it } from 'vitest';
import { problemFor } from './problem-details.js';

describe('problemFor (RFC 9457)', () => {
  it('answers a validation failure with 400 and every issue', () => {
    const issues = [
      { pointer: '/epcisBody/eventList/0/epcList/0', code: 'GTIN_CHECK_DIGIT', message: 'wrong check digit', expected: '8' },
      { pointer: '/epcisBody/eventList/1/eventTime', code: 'MISSING', message: 'eventTime is missing', expected: 'an ISO 8601 date-time' },
    ];
    const problem = problemFor(new DomainError('VALIDATION_FAILED', '2 problems', issues), { instance: '/epcis/capture' });
    expect(problem).toMatchObject({
      status: 400,
      title: 'Bad Request',
      code: 'VALIDATION_FAILED',
      type: 'urn:lotledger:problem:validation-failed',
      instance: '/epcis/capture',
      errors: issues,
    });
  });

  it('maps an unavailable ledger to 503 and keeps its message', () => {
    expect(problemFor(new LedgerUnavailableError('peer down'))).toMatchObject({
      status: 503,
      code: 'LEDGER_UNAVAILABLE',
      detail: 'peer down',
    });
  });

  it('keeps the status of a Nest HttpException and its extension members', () => {
    expect(problemFor(new HttpException({ code: 'PAYLOAD_TOO_LARGE', limit: 1024, message: 'too big' }, 413))).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      limit: 1024,
      title: 'Content Too Large',
    });
  });

  it('hides the message of an unexpected error behind a 500', () => {
    expect(problemFor(new Error('password=hunter2 in /etc/secret'))).toEqual({
      type: 'urn:lotledger:problem:internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'internal error',
      code: 'INTERNAL',
    });
  });
});
