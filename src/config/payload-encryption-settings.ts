import { z } from 'zod';
import {
  parsePayloadEncryptionKeys,
  type PayloadEncryptionKeyring,
} from '../encryption/payload-encryption-keys';

export interface CodecOperator {
  name: string;
  token: string;
}

const minimumOperatorTokenLength = 24;

/**
 * Development-only values of the encryption settings, used when unset outside production (they are in
 * `.env.example`); production refuses both, wherever they sit in a list.
 */
export const encryptionDevelopmentDefaults = {
  PAYLOAD_ENCRYPTION_KEYS: 'dev-1:dziy49xra/bZYIOh/sIn9j3hJHxWXk+6r1Ksb6FUfco=',
  CODEC_OPERATOR_TOKENS: 'dev-operator:dev-codec-operator-token-0001',
} as const;

/** The names of the encryption settings that still hold a development value. */
export function stillDevelopmentEncryption(env: {
  PAYLOAD_ENCRYPTION_KEYS: PayloadEncryptionKeyring;
  CODEC_OPERATOR_TOKENS: CodecOperator[];
}): string[] {
  const developmentKey = encryptionDevelopmentDefaults.PAYLOAD_ENCRYPTION_KEYS.split(':')[1]!;
  const developmentToken = encryptionDevelopmentDefaults.CODEC_OPERATOR_TOKENS.split(':')[1]!;
  const found: string[] = [];
  const keys = [...env.PAYLOAD_ENCRYPTION_KEYS.byId.values()];
  if (keys.some(({ key }) => key.toString('base64') === developmentKey))
    found.push('PAYLOAD_ENCRYPTION_KEYS');
  if (env.CODEC_OPERATOR_TOKENS.some(({ token }) => token === developmentToken))
    found.push('CODEC_OPERATOR_TOKENS');
  return found;
}

/**
 * Payload encryption and the codec server (docs/security.md). Each can come from a file with `NAME_FILE`.
 */
export const payloadEncryptionSettingsSchema = {
  /** `id:base64key[,id:base64key]`: the first encrypts, all decrypt (two live during a rotation). */
  PAYLOAD_ENCRYPTION_KEYS: z.string().transform((text, context) => {
    try {
      return parsePayloadEncryptionKeys(text);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  /** `name:token[,name:token]`: who may use `/codec/encode` and `/codec/decode`. */
  CODEC_OPERATOR_TOKENS: z
    .string()
    .default('')
    .transform((text, context): CodecOperator[] => {
      const operators: CodecOperator[] = [];
      for (const entry of text.split(',').map((item) => item.trim())) {
        if (entry === '') continue;
        const separator = entry.indexOf(':');
        const name = separator > 0 ? entry.slice(0, separator) : '';
        const token = entry.slice(separator + 1);
        if (!name || token.length < minimumOperatorTokenLength) {
          context.addIssue({
            code: 'custom',
            message: `each entry must be name:token with a token of at least ${minimumOperatorTokenLength} characters (entry ${operators.length + 1})`,
          });
          return z.NEVER;
        }
        operators.push({ name, token });
      }
      return operators;
    }),
  /** Browser origins allowed to call the codec server (the Web UI's); default: the origin of TEMPORAL_UI_URL. */
  CODEC_CORS_ORIGINS: z
    .string()
    .optional()
    .transform((text) =>
      text
        ? text
            .split(',')
            .map((origin) => origin.trim())
            .filter(Boolean)
        : undefined,
    )
    .pipe(z.array(z.url().transform((url) => new URL(url).origin)).optional()),
};
