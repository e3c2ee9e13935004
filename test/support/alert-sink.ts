import type { Server } from 'node:http';
import express from 'express';
import type { Alert } from '../../src/alerts/alert';

export interface ReceivedAlert {
  receivedAt: number;
  /** The raw body, as a Slack-compatible sink sees it. */
  body: { text: string; blocks: unknown[]; loudwire: Alert };
  rawText: string;
  /** The delivery's `Idempotency-Key` header: a repeated delivery of one alert carries the same key. */
  idempotencyKey?: string;
}

export interface AlertSink {
  url: string;
  received: ReceivedAlert[];
  /** The alerts themselves (each body's `loudwire` member), in arrival order. */
  alerts: Alert[];
  /** Alerts for one workflow. */
  alertsFor(workflowId: string): ReceivedAlert[];
  /** Answer HTTP 500 to the next `count` deliveries, like an alert endpoint having a bad minute. */
  failNext(count: number): void;
  close(): Promise<void>;
}

/** A local HTTP endpoint standing in for Slack (or any webhook alert channel): it records what it receives. */
export async function startAlertSink(): Promise<AlertSink> {
  const received: ReceivedAlert[] = [];
  const alerts: Alert[] = [];
  let failuresLeft = 0;
  const app = express();
  app.use(express.text({ type: '*/*', limit: '5mb' }));
  app.post('/alerts', (request, response) => {
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      response.status(500).send('sink unavailable');
      return;
    }
    const rawText = String(request.body);
    const body = JSON.parse(rawText) as ReceivedAlert['body'];
    const idempotencyKey = request.get('idempotency-key');
    received.push({ receivedAt: Date.now(), body, rawText, ...(idempotencyKey ? { idempotencyKey } : {}) });
    alerts.push(body.loudwire);
    response.status(200).send('ok');
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    received,
    alerts,
    alertsFor: (workflowId) => received.filter((alert) => alert.body.loudwire.workflowId === workflowId),
    failNext(count) {
      failuresLeft = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
