import { describe, expect, it } from 'vitest';
import { classifyBillingResponse } from '../../src/systems/billing/classify-billing-response';
import { failureForStatus, retryAfterMs } from '../../src/systems/kit/classify-http-status';
import type { HttpExchangeResponse } from '../../src/systems/kit/http-exchange';
import { classifyProjectToolResponse } from '../../src/systems/project-tool/classify-project-tool-response';
import { FailureClass, isRetryable, TargetFailure } from '../../src/systems/kit/target-failure';

function response(status: number, body: unknown, headers: Record<string, string> = {}): HttpExchangeResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers: new Headers(headers), json, text };
}

function failureOf(run: () => unknown): TargetFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof TargetFailure) return error;
    throw error;
  }
  throw new Error('expected a TargetFailure');
}

describe('response classification', () => {
  it.each([
    [500, FailureClass.transient, true],
    [503, FailureClass.transient, true],
    [429, FailureClass.rateLimited, true],
    [408, FailureClass.timeout, true],
    [401, FailureClass.credentials, false],
    [403, FailureClass.credentials, false],
    [422, FailureClass.rejected, false],
    [404, FailureClass.rejected, false],
  ])('HTTP %i is %s (retryable: %s)', (status, failureClass, retryable) => {
    const failure = failureForStatus(response(status, { error: 'x' }), 'create project')!;
    expect(failure.failureClass).toBe(failureClass);
    expect(isRetryable(failure.failureClass)).toBe(retryable);
  });

  it('honours Retry-After in seconds and as an HTTP date', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }), now)).toBe(7_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 26 Nov 2026 12:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    const failure = failureForStatus(response(429, {}, { 'retry-after': '3' }), 'x')!;
    expect(failure.details.retryAfterMs).toBe(3_000);
  });

  it('treats billing 200 {"success": false} as a failure: validation is a rejection, others retryable', () => {
    const validation = failureOf(() =>
      classifyBillingResponse(
        response(200, {
          success: false,
          error: { code: 'validation_error', field: 'country', message: 'bad' },
        }),
        'create customer',
        'customer',
      ),
    );
    expect(validation.failureClass).toBe(FailureClass.rejected);
    expect(validation.message).toContain('(country)');
    const processing = failureOf(() =>
      classifyBillingResponse(
        response(200, { success: false, error: { code: 'processing_error' } }),
        'x',
        'customer',
      ),
    );
    expect(processing.failureClass).toBe(FailureClass.errorInSuccessBody);
  });

  it('treats a project tool 200 with an error member as a failure', () => {
    const failure = failureOf(() =>
      classifyProjectToolResponse(
        response(200, { project: null, error: { code: 'internal_error', message: 'oops' } }),
        'create project',
        'project',
      ),
    );
    expect(failure.failureClass).toBe(FailureClass.errorInSuccessBody);
    expect(classifyProjectToolResponse(response(201, { project: { id: 'prj_1' } }), 'x', 'project')).toEqual({
      id: 'prj_1',
    });
  });

  it('never copies a non-JSON body, or a sensitive JSON field, into the failure message', () => {
    const html = failureForStatus(response(502, '<html>upstream said: ann@example.com</html>'), 'x')!;
    expect(html.message).not.toContain('ann@example.com');
    expect(html.message).toContain('not JSON');
    const json = failureForStatus(response(400, { error: 'bad', email: 'ann@example.com' }), 'x')!;
    expect(json.message).not.toContain('ann@example.com');
    expect(json.message).toContain('[redacted]');
  });
});
