import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, inject } from 'vitest';
import { ConfigurationError, loadEnvironment } from '../../src/config/environment';
import { connectTemporalClient } from '../../src/temporal/connect-temporal-client';
import {
  isLoopbackAddress,
  temporalConnectionSettings,
} from '../../src/temporal/temporal-connection-options';

const settingsOf = (env: Record<string, string>) => temporalConnectionSettings(loadEnvironment(env));

describe('Temporal connection settings', () => {
  it('defaults to plaintext on localhost in development', () => {
    expect(settingsOf({})).toEqual({ address: 'localhost:7233', namespace: 'default', tls: false });
  });

  it('refuses plaintext to a non-loopback address in production, naming the way out', () => {
    expect(() =>
      temporalConnectionSettings({
        ...loadEnvironment({ TEMPORAL_ADDRESS: 'temporal:7233' }),
        NODE_ENV: 'production',
      }),
    ).toThrow(/refuses plaintext to Temporal at temporal:7233: set TEMPORAL_TLS=true/);
    expect(() =>
      temporalConnectionSettings({
        ...loadEnvironment({ TEMPORAL_ADDRESS: 'temporal:7233', LOUDWIRE_ALLOW_PLAINTEXT_TEMPORAL: 'true' }),
        NODE_ENV: 'production',
      }),
    ).not.toThrow();
    for (const address of ['localhost:7233', '127.0.0.1:7233', '[::1]:7233']) {
      expect(() =>
        temporalConnectionSettings({
          ...loadEnvironment({ TEMPORAL_ADDRESS: address }),
          NODE_ENV: 'production',
        }),
      ).not.toThrow();
    }
  });

  it('recognises loopback addresses and nothing else', () => {
    expect(isLoopbackAddress('localhost:7233')).toBe(true);
    expect(isLoopbackAddress('127.0.0.9:7233')).toBe(true);
    expect(isLoopbackAddress('[::1]:7233')).toBe(true);
    expect(isLoopbackAddress('10.0.0.1:7233')).toBe(false);
    expect(isLoopbackAddress('localhost.evil.example:7233')).toBe(false);
    expect(isLoopbackAddress('127.0.0.1.nip.io:7233')).toBe(false);
  });

  it('takes TLS, mTLS and an API key under Temporal’s own variable names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loudwire-tls-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    writeFileSync(join(dir, 'client.pem'), 'CRT');
    writeFileSync(join(dir, 'client.key'), 'KEY');
    const settings = settingsOf({
      TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns',
      TEMPORAL_TLS_SERVER_NAME: 'ns.tmprl.cloud',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: join(dir, 'ca.pem'),
      TEMPORAL_TLS_CLIENT_CERT_PATH: join(dir, 'client.pem'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: join(dir, 'client.key'),
    });
    expect(settings.tls).toEqual({
      serverNameOverride: 'ns.tmprl.cloud',
      serverRootCACertificate: Buffer.from('CA'),
      clientCertPair: { crt: Buffer.from('CRT'), key: Buffer.from('KEY') },
    });
    // An API key implies TLS, as in Temporal's own tools; it can come from a file like every secret.
    writeFileSync(join(dir, 'api-key'), 'secret-api-key\n');
    const withKey = settingsOf({ TEMPORAL_API_KEY_FILE: join(dir, 'api-key') });
    expect(withKey.apiKey).toBe('secret-api-key');
    expect(withKey.tls).toEqual({});
    expect(settingsOf({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' }).tls).toBe(false);
  });

  it('names a half-configured mTLS pair and an unreadable certificate', () => {
    expect(() => settingsOf({ TEMPORAL_TLS_CLIENT_CERT_DATA: 'CRT' })).toThrow(
      /mTLS needs both TEMPORAL_TLS_CLIENT_CERT_\(PATH\|DATA\) and TEMPORAL_TLS_CLIENT_KEY/,
    );
    expect(() => settingsOf({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/nonexistent/ca.pem' })).toThrow(
      ConfigurationError,
    );
    expect(() => loadEnvironment({ TEMPORAL_TLS: 'yes' })).toThrow(/TEMPORAL_TLS: must be true or false/);
  });

  it('reads Temporal’s profile file; a variable wins over the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loudwire-profile-'));
    const file = join(dir, 'temporal.toml');
    writeFileSync(
      file,
      [
        '[profile.default]',
        'address = "default.example:7233"',
        '[profile.prod]',
        'address = "prod.example:7233"',
        'namespace = "loudwire-prod"',
        'api_key = "profile-api-key"',
        '[profile.prod.tls]',
        'server_name = "prod.example"',
      ].join('\n'),
    );
    expect(settingsOf({ TEMPORAL_CONFIG_FILE: file }).address).toBe('default.example:7233');
    const prod = settingsOf({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' });
    expect(prod).toEqual({
      address: 'prod.example:7233',
      namespace: 'loudwire-prod',
      apiKey: 'profile-api-key',
      tls: { serverNameOverride: 'prod.example' },
    });
    const overridden = settingsOf({
      TEMPORAL_CONFIG_FILE: file,
      TEMPORAL_PROFILE: 'prod',
      TEMPORAL_ADDRESS: 'override:7233',
    });
    expect(overridden.address).toBe('override:7233');
    expect(() => loadEnvironment({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'nope' })).toThrow(
      /Profile 'nope' not found/,
    );
    // XDG_CONFIG_HOME/temporalio/temporal.toml is the default location, as for the temporal CLI.
    const configHome = mkdtempSync(join(tmpdir(), 'loudwire-xdg-'));
    expect(settingsOf({ XDG_CONFIG_HOME: configHome }).address).toBe('localhost:7233');
  });

  it('uses the settings on a real connection: TLS against the plaintext dev server fails, plaintext works', async () => {
    const address = inject('temporalAddress');
    const plain = await connectTemporalClient(loadEnvironment({ TEMPORAL_ADDRESS: address }));
    await expect(plain.connection.workflowService.getSystemInfo({})).resolves.toBeDefined();
    await plain.close();
    await expect(
      connectTemporalClient(loadEnvironment({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS: 'true' }), {
        connectTimeout: 3_000,
      }),
    ).rejects.toThrow();
  });
});
