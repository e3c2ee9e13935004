import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger';
import { metricsRegistry } from '../../src/observability/loudwire-metrics';
import { registerRecordStatusGauge } from '../../src/observability/record-status-gauge';
import { lazyTemporalClient } from '../../src/temporal/connect-temporal-client';
import { loadEnvironment } from '../../src/config/environment';

// The dashboard is written by hand; this keeps it honest against the metrics the code declares, both ways: a
// renamed metric must not leave a panel plotting nothing, and a new metric gets a panel.

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../ops/grafana/loudwire.json'), 'utf8'),
) as { panels: Panel[] };

/** Every Loudwire metric the API and the worker serve, by the name Prometheus scrapes (histograms as `_bucket`…). */
function declaredLoudwireMetrics(): Map<string, string> {
  const gauges = new Registry();
  const env = loadEnvironment({ NODE_ENV: 'test' });
  registerRecordStatusGauge({
    temporal: lazyTemporalClient(env).client,
    integrations: [],
    registry: gauges,
    cacheMs: 1_000,
    deadlineMs: 1_000,
    logger: createLogger('test', 'silent'),
  });
  const declared = new Map<string, string>();
  for (const metric of [...metricsRegistry.getMetricsAsArray(), ...gauges.getMetricsAsArray()]) {
    const name = metric.name;
    if (!name.startsWith('loudwire_')) continue;
    declared.set(name, name);
    if (metric.type.toString() === 'histogram') {
      for (const suffix of ['_bucket', '_count', '_sum']) declared.set(`${name}${suffix}`, name);
    }
  }
  return declared;
}

const expressions = dashboard.panels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
);

describe('the Grafana dashboard (ops/grafana/loudwire.json)', () => {
  const declared = declaredLoudwireMetrics();

  it('plots only Loudwire metrics the code declares', () => {
    const unknown = expressions.flatMap(({ panel, expr }) =>
      [...expr.matchAll(/\bloudwire_[a-z_]+/g)]
        .map(([name]) => name)
        .filter((name) => !declared.has(name))
        .map((name) => `${panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('has a panel for every Loudwire metric', () => {
    const plotted = new Set(
      expressions.flatMap(({ expr }) =>
        [...expr.matchAll(/\bloudwire_[a-z_]+/g)].map(([name]) => declared.get(name)),
      ),
    );
    const unplotted = [...new Set(declared.values())].filter((name) => !plotted.has(name));
    expect(unplotted).toEqual([]);
  });

  it('gives every panel its own id and its own place on the grid', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Map<string, string>();
    const overlaps: string[] = [];
    for (const panel of dashboard.panels) {
      const { x, y, w, h } = panel.gridPos;
      for (let row = y; row < y + h; row += 1) {
        for (let column = x; column < x + w; column += 1) {
          const cell = `${column},${row}`;
          const taken = cells.get(cell);
          if (taken !== undefined && !overlaps.includes(`${taken} / ${panel.title}`))
            overlaps.push(`${taken} / ${panel.title}`);
          cells.set(cell, panel.title);
        }
      }
      expect(x + w, `${panel.title} fits the 24-column grid`).toBeLessThanOrEqual(24);
    }
    expect(overlaps).toEqual([]);
  });
});
