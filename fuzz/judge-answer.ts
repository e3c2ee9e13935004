import type { FuzzCase } from './cases/fuzz-case';
import type { CaseAnswer } from './send-case';

/**
 * What is wrong with an answer under the rule of issue 12, or undefined when it is right: no 5xx while Temporal is
 * up, a 503 with Retry-After (never a 202) while it is deliberately down, never a 2xx for forged or refusable
 * input, a 202 for authentic input, and an answer at all.
 */
export function judgeAnswer(fuzzCase: FuzzCase, answer: CaseAnswer): string | undefined {
  const { status } = answer;
  if (status === 'timeout') return 'no answer within 30 s';
  if (status === 'client-error') return undefined; // node:http would not send it; nothing reached the API
  if (status === 'closed') {
    // Malformed HTTP may be answered by closing; anything that reached a route must get an answer.
    return fuzzCase.raw ? undefined : 'connection closed without an answer';
  }
  if (fuzzCase.expectation === 'unavailable') {
    if (status === 503 && answer.retryAfter) return undefined;
    return `answered ${status}${status === 503 ? ' without Retry-After' : ''} while Temporal was down (want 503)`;
  }
  if (status >= 500) return `server error ${status}`;
  const success = status >= 200 && status < 300;
  switch (fuzzCase.expectation) {
    case 'accepted':
      return status === 202 ? undefined : `authentic input answered ${status}, not 202`;
    case 'forged':
      return success ? `forged or unsigned input answered ${status}` : undefined;
    case 'refused':
      return status >= 400 && status < 500
        ? undefined
        : `input the sender can fix answered ${status}, not 4xx`;
    case 'no-server-error':
      return undefined;
  }
}
