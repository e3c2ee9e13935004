import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { developmentDefaults } from '../../src/config/development-defaults';
import { loadEnvironment } from '../../src/config/environment';

const productionSecrets = {
  NODE_ENV: 'production',
  CRM_WEBHOOK_SECRET: 'whsec_cHJvZHVjdGlvbi1zZWNyZXQtdmFsdWUtMTIzNA==',
  CRM_API_KEY: 'prod-crm',
  PROJECT_TOOL_API_KEY: 'prod-projects',
  BILLING_CLIENT_ID: 'prod-client',
  BILLING_CLIENT_SECRET: 'prod-secret',
  PAYLOAD_ENCRYPTION_KEYS: 'prod-1:q1zcA5hVNmxyX0N7b0tG1Qq3e3g1rZ8cR9c0vT0eH2E=',
  // The helpdesk and accounting systems connected in issue 10 have credentials of their own.
  HELPDESK_API_KEY: 'prod-helpdesk',
  HELPDESK_WEBHOOK_SECRET: 'prod-helpdesk-webhook-secret',
  ACCOUNTING_CLIENT_ID: 'prod-accounting',
  ACCOUNTING_CLIENT_SECRET: 'prod-accounting-secret',
};

describe('loadEnvironment', () => {
  it('uses development defaults outside production', () => {
    expect(loadEnvironment({}).systems.crm!.WEBHOOK_SECRET).toBe(developmentDefaults.CRM_WEBHOOK_SECRET);
  });

  it('refuses development default secrets in production, naming them', () => {
    expect(() =>
      loadEnvironment({
        ...productionSecrets,
        PROJECT_TOOL_API_KEY: developmentDefaults.PROJECT_TOOL_API_KEY,
      }),
    ).toThrow('NODE_ENV=production refuses development default secrets: set PROJECT_TOOL_API_KEY');
  });

  it('names a missing secret in production', () => {
    const { BILLING_CLIENT_SECRET: _missing, ...rest } = productionSecrets;
    expect(() => loadEnvironment(rest)).toThrow(/BILLING_CLIENT_SECRET/);
  });

  it('reads a secret from NAME_FILE, and refuses NAME and NAME_FILE together', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'loudwire-env-')), 'secret');
    writeFileSync(file, 'from-a-file\n');
    expect(
      loadEnvironment({ ...productionSecrets, PROJECT_TOOL_API_KEY: '', PROJECT_TOOL_API_KEY_FILE: file })
        .systems['project-tool']!.API_KEY,
    ).toBe('from-a-file');
    expect(() => loadEnvironment({ ...productionSecrets, PROJECT_TOOL_API_KEY_FILE: file })).toThrow(
      'Both PROJECT_TOOL_API_KEY and PROJECT_TOOL_API_KEY_FILE are set',
    );
  });

  it('gives every source’s webhook secret the same rule: _FILE, development default, production refusal, format', () => {
    expect(loadEnvironment({}).systems.helpdesk!.WEBHOOK_SECRET).toBe(
      developmentDefaults.HELPDESK_WEBHOOK_SECRET,
    );
    expect(() =>
      loadEnvironment({
        ...productionSecrets,
        HELPDESK_WEBHOOK_SECRET: developmentDefaults.HELPDESK_WEBHOOK_SECRET,
      }),
    ).toThrow('NODE_ENV=production refuses development default secrets: set HELPDESK_WEBHOOK_SECRET');
    const file = join(mkdtempSync(join(tmpdir(), 'loudwire-env-')), 'helpdesk-secret');
    writeFileSync(file, 'helpdesk-secret-from-a-file-0123\n');
    expect(
      loadEnvironment({
        ...productionSecrets,
        HELPDESK_WEBHOOK_SECRET: '',
        HELPDESK_WEBHOOK_SECRET_FILE: file,
      }).systems.helpdesk!.WEBHOOK_SECRET,
    ).toBe('helpdesk-secret-from-a-file-0123');
    expect(() => loadEnvironment({ HELPDESK_WEBHOOK_SECRET: 'short' })).toThrow(
      /HELPDESK_WEBHOOK_SECRET: must be at least 16/,
    );
    expect(() => loadEnvironment({ CRM_WEBHOOK_SECRET: 'not-whsec' })).toThrow(
      /CRM_WEBHOOK_SECRET: must be a Standard Webhooks secret/,
    );
  });

  it('explains a bad duration', () => {
    expect(() => loadEnvironment({ DEDUP_WINDOW: 'three days' })).toThrow(
      /DEDUP_WINDOW: "three days" is not a duration/,
    );
  });

  it("takes the worker's CPU priority as idle or a nice value, and names anything else", () => {
    expect(loadEnvironment({}).WORKER_NICE).toBe('idle');
    expect(loadEnvironment({ WORKER_NICE: '10' }).WORKER_NICE).toBe(10);
    expect(loadEnvironment({ WORKER_NICE: '0' }).WORKER_NICE).toBe(0);
    expect(() => loadEnvironment({ WORKER_NICE: '20' })).toThrow(
      /WORKER_NICE: expected "idle" or a nice value from 0 to 19/,
    );
    expect(() => loadEnvironment({ WORKER_NICE: 'lazy' })).toThrow(/WORKER_NICE: expected "idle"/);
  });

  it('caps the webhook body limit so every accepted event fits Temporal payloads', () => {
    expect(loadEnvironment({ WEBHOOK_BODY_LIMIT_BYTES: '1048576' }).WEBHOOK_BODY_LIMIT_BYTES).toBe(1_048_576);
    expect(() => loadEnvironment({ WEBHOOK_BODY_LIMIT_BYTES: '4194304' })).toThrow(
      /WEBHOOK_BODY_LIMIT_BYTES: must be at most 1048576/,
    );
  });
});
