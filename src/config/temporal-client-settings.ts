import { z } from 'zod';

// An empty value means unset: docker compose passes `${NAME:-}` through as an empty string.
const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);
const flag = z.preprocess(
  emptyAsUnset,
  z
    .enum(['true', 'false', '1', '0'], 'must be true or false')
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true' || value === '1')),
);
const text = z.preprocess(emptyAsUnset, z.string().min(1).optional());

/**
 * Temporal's standard client settings, named as in Temporal's environment configuration (the `temporal` CLI
 * and every SDK read the same names and the same `temporal.toml` profiles). Any of them can come from a file
 * with `NAME_FILE`, like every Loudwire secret.
 */
export const temporalClientSettingsSchema = {
  /** API key sent as a bearer token (Temporal Cloud, or a server with an authorizer); implies TLS. */
  TEMPORAL_API_KEY: text,
  /** `true` forces TLS, `false` refuses it; unset: TLS when any TLS setting or an API key is given. */
  TEMPORAL_TLS: flag,
  TEMPORAL_TLS_SERVER_NAME: text,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: text,
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: text,
  TEMPORAL_TLS_CLIENT_CERT_PATH: text,
  TEMPORAL_TLS_CLIENT_CERT_DATA: text,
  TEMPORAL_TLS_CLIENT_KEY_PATH: text,
  TEMPORAL_TLS_CLIENT_KEY_DATA: text,
  /** Loudwire's own escape hatch: production refuses plaintext to a non-loopback Temporal unless this is `true`. */
  LOUDWIRE_ALLOW_PLAINTEXT_TEMPORAL: flag,
};
