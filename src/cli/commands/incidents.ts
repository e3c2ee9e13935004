import type { Command } from 'commander';
import { loadEnvironment } from '../../config/environment';
import { andMore } from '../../bounds/bounds';
import { chooseFormat } from '../choose-integration';
import { listIncidents, type IncidentSummary } from '../list-incidents';
import { withTemporalClient } from '../temporal-connection';
import { UsageError } from '../usage-error';

interface IncidentsOptions {
  open?: boolean;
  format: string;
  limit: string;
}

/** Registers `loudwire incidents`: parked records grouped by cause, open and resolved. */
export function registerIncidentsCommand(program: Command): void {
  program
    .command('incidents')
    .description(
      'Incidents: records parked by one cause (integration, target, class, cause fingerprint), each alerted ' +
        'once, and records that showed one warning and went on (schema drift, target drift). Open ones with how ' +
        "many records are parked now (or showed the warning); resolved ones with how they ended. This deployment's task queue.",
    )
    .option('--open', 'only open incidents')
    .option('-f, --format <format>', 'text or json', 'text')
    .option('--limit <n>', 'at most this many incidents, newest first', '100')
    .action(async (options: IncidentsOptions) => {
      const format = chooseFormat(options.format, ['text', 'json'] as const);
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
      const env = loadEnvironment();
      const incidents = await withTemporalClient((client) =>
        listIncidents(client, { taskQueue: env.TEMPORAL_TASK_QUEUE, openOnly: options.open ?? false, limit }),
      );
      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(incidents, null, 2)}\n`);
        return;
      }
      if (incidents.length === 0) {
        process.stdout.write(options.open ? 'No open incidents.\n' : 'No incidents.\n');
        return;
      }
      for (const incident of incidents) process.stdout.write(renderIncident(incident));
      const open = incidents.filter((incident) => incident.status === 'open').length;
      process.stdout.write(
        `${incidents.length} incident(s), ${open} open. Plan a redrive with: loudwire redrive --incident ID --plan\n`,
      );
    });
}

function renderIncident(incident: IncidentSummary): string {
  const state =
    incident.kind === 'warning'
      ? describeWarning(incident)
      : incident.status === 'open'
        ? `OPEN since ${incident.openedAt}: ${incident.parked} parked of ${incident.joined}`
        : incident.status === 'resolved'
          ? `resolved ${incident.resolvedAt} (opened ${incident.openedAt}): ${incident.joined} record(s), ` +
            `${incident.left.redriven} redriven, ${incident.left.skipped} skipped, ${incident.left.superseded} superseded`
          : incident.cause;
  const members = incident.members.map((member) => member.recordKey).join(', ');
  return (
    `${incident.id}\n` +
    `  ${incident.alertClass} on ${incident.target} (${incident.integration}) — ${state}\n` +
    `  cause: ${incident.cause}\n` +
    (members
      ? `  records: ${members}${incident.membersOmitted > 0 ? `, ${andMore(incident.membersOmitted)}` : ''}\n`
      : '')
  );
}

/** A warning incident parks nothing: it says how many records showed the warning, and when it resolves. */
function describeWarning(incident: IncidentSummary): string {
  const shown = `${incident.joined} record(s) showed it, each went on`;
  if (incident.status === 'open') {
    return `OPEN since ${incident.openedAt}: ${shown}; last ${incident.lastSeenAt}, resolves ${incident.resolvesAt} without another`;
  }
  if (incident.status === 'resolved') {
    return `resolved ${incident.resolvedAt} (opened ${incident.openedAt}): ${shown}; none since for the quiet window`;
  }
  return incident.cause;
}
