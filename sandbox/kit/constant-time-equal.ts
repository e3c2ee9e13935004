import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares a presented credential to the expected one without leaking, through timing, how much matched. */
export function constantTimeEqual(presented: string, expected: string): boolean {
  // Hashing first gives both sides the same length, which timingSafeEqual requires.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
