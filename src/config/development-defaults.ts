/**
 * Development-only credentials, shared by the API, the worker and the sandbox vendors so that `npm start`
 * works with no `.env`. They are the values in `.env.example`; `NODE_ENV=production` refuses to start with any
 * of them (see loadEnvironment).
 */
export const developmentDefaults = {
  CRM_API_KEY: 'crm_dev_key',
  CRM_WEBHOOK_SECRET: 'whsec_bG91ZHdpcmUtZGV2LWNybS13ZWJob29rLXNlY3JldA==',
  PROJECTS_API_KEY: 'projects_dev_key',
  BILLING_CLIENT_ID: 'loudwire-dev',
  BILLING_CLIENT_SECRET: 'billing_dev_secret',
  // Encrypts payloads in development only; production refuses it (its key material is public).
  PAYLOAD_ENCRYPTION_KEYS: 'dev-1:dziy49xra/bZYIOh/sIn9j3hJHxWXk+6r1Ksb6FUfco=',
  CODEC_OPERATOR_TOKENS: 'dev-operator:dev-codec-operator-token-0001',
} as const;
