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
  PROJECTS_API_KEY: 'prod-projects',
  BILLING_CLIENT_ID: 'prod-client',
  BILLING_CLIENT_SECRET: 'prod-secret',
  PAYLOAD_ENCRYPTION_KEYS: 'prod-1:q1zcA5hVNmxyX0N7b0tG1Qq3e3g1rZ8cR9c0vT0eH2E=',
};

describe('loadEnvironment', () => {
  it('uses development defaults outside production', () => {
    expect(loadEnvironment({}).CRM_WEBHOOK_SECRET).toBe(developmentDefaults.CRM_WEBHOOK_SECRET);
  });

  it('refuses development default secrets in production, naming them', () => {
    expect(() =>
      loadEnvironment({ ...productionSecrets, PROJECTS_API_KEY: developmentDefaults.PROJECTS_API_KEY }),
    ).toThrow('NODE_ENV=production refuses development default secrets: set PROJECTS_API_KEY');
  });

  it('names a missing secret in production', () => {
    const { BILLING_CLIENT_SECRET: _missing, ...rest } = productionSecrets;
    expect(() => loadEnvironment(rest)).toThrow(/BILLING_CLIENT_SECRET/);
  });

  it('reads a secret from NAME_FILE, and refuses NAME and NAME_FILE together', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'loudwire-env-')), 'secret');
    writeFileSync(file, 'from-a-file\n');
    expect(
      loadEnvironment({ ...productionSecrets, PROJECTS_API_KEY: '', PROJECTS_API_KEY_FILE: file })
        .PROJECTS_API_KEY,
    ).toBe('from-a-file');
    expect(() => loadEnvironment({ ...productionSecrets, PROJECTS_API_KEY_FILE: file })).toThrow(
      'Both PROJECTS_API_KEY and PROJECTS_API_KEY_FILE are set',
    );
  });

  it('explains a bad duration', () => {
    expect(() => loadEnvironment({ DEDUP_WINDOW: 'three days' })).toThrow(
      /DEDUP_WINDOW: "three days" is not a duration/,
    );
  });
});
