import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exchangeHttp } from '../../src/systems/kit/http-exchange';
import { createLogger } from '../../src/logging/logger';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, sink };
}

describe('readable logs (LOG_FORMAT=pretty)', () => {
  it('writes one line per event: component, workflow id and record key first, then the message', () => {
    const { lines, sink } = capture();
    const logger = createLogger('worker', 'info', sink, 'pretty');
    logger.warn(
      {
        workflowId: 'client-onboarding:crm:deal_seed06',
        workflowType: 'recordSyncWorkflow',
        runId: 'run-1',
        taskQueue: 'loudwire',
        alertClass: 'DestinationMismatch',
      },
      'Record parked',
    );
    logger.warn(
      {
        workflowId: 'credential-health-check-2026-12-01T15:00:00Z',
        workflowType: 'credentialHealthWorkflow',
      },
      'check failed',
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: worker client-onboarding:crm:deal_seed06 deal_seed06 Record parked \{"alertClass":"DestinationMismatch"\}$/,
    );
    // Only a record workflow's ID ends in a record key: a schedule's run ID ends in a time.
    expect(lines[1]).toMatch(/WARN: worker credential-health-check-2026-12-01T15:00:00Z check failed$/);
    expect(lines.join('\n')).not.toContain('\u001b['); // no colour into a file or pipe unless asked
  });

  it('summarizes a vendor exchange at info and keeps the full exchange, redacted, for debug', async () => {
    const server = await import('node:http').then(({ createServer }) =>
      createServer((_request, response) => {
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 'cus_1', email: 'ada@example.com' }));
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      for (const level of ['info', 'debug'] as const) {
        const { lines, sink } = capture();
        const logger = createLogger('worker', level, sink, 'pretty').child({ target: 'billing' });
        await exchangeHttp(
          {
            method: 'POST',
            url: `http://127.0.0.1:${port}/v1/customers?api_key=query-secret`,
            headers: { authorization: 'Bearer very-secret-token' },
            body: { name: 'Acme', email: 'ada@example.com' },
            timeoutMs: 5_000,
          },
          logger,
        );
        expect(lines[0]).toMatch(
          /INFO: worker POST \/v1\/customers → 201 \(\d+ ms\) \{"target":"billing"\}$/,
        );
        expect(lines).toHaveLength(level === 'info' ? 1 : 2);
        if (level === 'debug') {
          expect(lines[1]).toContain('DEBUG: worker http exchange in full');
          expect(lines[1]).toContain('"authorization":"[redacted]"');
        }
        const everything = lines.join('\n');
        for (const secret of ['very-secret-token', 'ada@example.com'])
          expect(everything).not.toContain(secret);
        // The query string is only in the debug line (as the URL), never in the summary.
        expect(lines[0]).not.toContain('query-secret');
      }
    } finally {
      server.close();
    }
  });

  it('stays JSON for a logger given a destination without a format (tests that parse lines)', () => {
    const { lines, sink } = capture();
    createLogger('api', 'info', sink).info({ workflowId: 'w' }, 'webhook accepted');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      component: 'api',
      workflowId: 'w',
      msg: 'webhook accepted',
    });
  });
});
