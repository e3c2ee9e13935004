import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConfigurationError, type LoudwireEnvironment } from '../config/environment';
import type { ApproverIdentity } from '../workflows/approval-messages';
import { developmentApprovers } from './development-approvers';

const approverEntrySchema = z.object({
  token: z.string().min(16, 'tokens must be at least 16 characters'),
  email: z.email().transform((email) => email.trim().toLowerCase()),
  name: z.string().min(1).optional(),
  groups: z.array(z.string().min(1)).min(1, 'an approver needs at least one group'),
});
/** One approver as configured in APPROVER_TOKENS: a bearer token, the identity it stands for, its groups. */
export type ApproverEntry = z.input<typeof approverEntrySchema>;

const approverEntriesSchema = z.array(approverEntrySchema).min(1);

/**
 * Resolves bearer tokens to approver identities. Tokens are kept only as SHA-256 digests, so a lookup compares
 * digests (no timing hint about the token's prefix) and a heap dump holds no usable token.
 */
export class ApproverDirectory {
  readonly #byDigest = new Map<string, ApproverIdentity>();

  constructor(entries: readonly ApproverEntry[]) {
    for (const entry of approverEntriesSchema.parse(entries)) {
      const digest = tokenDigest(entry.token);
      if (this.#byDigest.has(digest)) throw new ConfigurationError('APPROVER_TOKENS lists a token twice');
      this.#byDigest.set(digest, {
        email: entry.email,
        ...(entry.name ? { name: entry.name } : {}),
        groups: [...entry.groups],
      });
    }
  }

  /** The identity a token stands for, or undefined for an unknown token. */
  identify(token: string): ApproverIdentity | undefined {
    const identity = this.#byDigest.get(tokenDigest(token));
    return identity && { ...identity, groups: [...identity.groups] };
  }
}

function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The approver directory from APPROVER_TOKENS (a JSON array of `{token, email, name?, groups}`; or a file via
 * APPROVER_TOKENS_FILE). Outside production an unset variable means the documented development approvers;
 * production refuses to start without it, or with any development token in it.
 */
export function approverDirectoryFromEnvironment(env: LoudwireEnvironment): ApproverDirectory {
  if (!env.APPROVER_TOKENS) {
    if (env.NODE_ENV === 'production') {
      throw new ConfigurationError(
        'APPROVER_TOKENS (or APPROVER_TOKENS_FILE) is not set: the approval API needs approver tokens',
      );
    }
    return new ApproverDirectory(developmentApprovers);
  }
  let entries: ApproverEntry[];
  try {
    const parsed = approverEntriesSchema.safeParse(JSON.parse(env.APPROVER_TOKENS));
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(list)'}: ${issue.message}`,
      );
      throw new ConfigurationError(`APPROVER_TOKENS is invalid:\n  ${problems.join('\n  ')}`);
    }
    entries = parsed.data;
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    // Never echo the JSON itself: it holds tokens.
    throw new ConfigurationError('APPROVER_TOKENS is not valid JSON (expected [{token, email, groups}])');
  }
  if (env.NODE_ENV === 'production') {
    const developmentTokens = new Set(developmentApprovers.map((entry) => entry.token));
    if (entries.some((entry) => developmentTokens.has(entry.token))) {
      throw new ConfigurationError(
        'NODE_ENV=production refuses development approver tokens in APPROVER_TOKENS',
      );
    }
  }
  return new ApproverDirectory(entries);
}
