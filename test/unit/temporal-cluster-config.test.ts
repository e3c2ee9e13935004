import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SearchAttributeType } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { readClusterSettings, temporalConfigDir } from '../../scripts/postgres-temporal/cluster-settings';
import { loudwireDynamicConfig } from '../../src/temporal/server-dynamic-config';
import { loudwireSearchAttributes } from '../../src/temporal/search-attributes';

// config/temporal/cluster.env is the one source of truth for the production-shaped Temporal cluster; the
// workflows' search attributes and docker-compose.yml's image tags must agree with it.

const settings = readClusterSettings();
const compose = readFileSync(join(temporalConfigDir, '../../docker-compose.yml'), 'utf8');
const cliType: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.INT]: 'Int',
};

// Temporal's SQL visibility schema has this many custom search attribute columns per type and namespace.
const sqlVisibilitySlots: Record<string, number> = {
  Keyword: 10,
  Text: 3,
  Int: 3,
  Double: 3,
  Bool: 3,
  Datetime: 3,
  KeywordList: 3,
};

describe('config/temporal/cluster.env', () => {
  it('registers exactly the search attributes the workflows set, with their types', () => {
    expect(settings.searchAttributes).toEqual(
      loudwireSearchAttributes.map((key) => ({ name: key.name, type: cliType[key.type] })),
    );
  });

  it('fits SQL visibility: no more attributes of a type than it has columns', () => {
    for (const [type, slots] of Object.entries(sqlVisibilitySlots)) {
      const used = settings.searchAttributes.filter((attribute) => attribute.type === type).length;
      expect(used, `${type} attributes`).toBeLessThanOrEqual(slots);
    }
    expect(settings.searchAttributes.every((attribute) => attribute.type in sqlVisibilitySlots)).toBe(true);
  });

  it('is the cluster docker-compose.yml runs: same images, settings file and setup scripts', () => {
    const imageTags = (image: string) =>
      [...compose.matchAll(new RegExp(`image: ${image}:(\\S+)`, 'g'))].map((match) => match[1]);
    expect(imageTags('temporalio/server')).toEqual([settings.serverVersion]);
    expect(imageTags('temporalio/admin-tools')).toEqual([settings.serverVersion, settings.serverVersion]);
    expect(imageTags('temporalio/ui')).toEqual([settings.uiVersion]);
    expect(imageTags('postgres')).toEqual(['15']); // the major version the PostgreSQL CI stage runs
    expect(compose.match(/env_file: \[config\/temporal\/cluster\.env\]/g)).toHaveLength(3);
    expect(compose).toContain("command: ['sh', '/etc/loudwire/temporal/setup-schema.sh']");
    expect(compose).toContain("command: ['sh', '/etc/loudwire/temporal/setup-namespace.sh']");
    expect(compose).toContain('DYNAMIC_CONFIG_FILE_PATH: /etc/loudwire/temporal/dynamicconfig.yaml');
  });

  it('asks the production-shaped server for the dynamic config the dev server gets', () => {
    const dynamicConfig = readFileSync(join(temporalConfigDir, 'dynamicconfig.yaml'), 'utf8');
    for (const [key, value] of Object.entries(loudwireDynamicConfig)) {
      expect(dynamicConfig, key).toMatch(
        new RegExp(`^${key.replaceAll('.', '\\.')}:\\n  - value: ${value}$`, 'm'),
      );
    }
  });

  it('names a usable cluster', () => {
    expect(settings.env.DB).toBe('postgres12');
    expect(settings.historyShards).toBe(4);
    expect(settings.namespace).toBe('default');
  });
});
