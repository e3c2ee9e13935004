import type { Logger } from '../logging/logger';
import { resourceOfTarget, systemOfTarget, type TargetKey, type TargetResource } from './kit/target-resource';
import type { SystemConnection, SystemDefinition, SystemSettingValues } from './system';

/**
 * Every system connected once per process, by name: the one client of each system, shared by every
 * integration's writes, lookups, batch reads and the credential probe.
 */
export class SystemConnections {
  private readonly byName: ReadonlyMap<string, SystemConnection>;

  constructor(connections: Iterable<[string, SystemConnection]>) {
    this.byName = new Map(connections);
  }

  /** The typed connection of a system (its integrations import the system's definition to ask for it). */
  of<Connection extends SystemConnection>(system: SystemDefinition<Connection>): Connection {
    const connection = this.byName.get(system.name);
    if (!connection)
      throw new Error(`System "${system.name}" is not connected (not in src/systems/registry.ts)`);
    return connection as Connection;
  }

  /** The writable resource a target key names, or an error naming what is missing. */
  resource(target: TargetKey): TargetResource {
    const system = systemOfTarget(target);
    const connection = this.byName.get(system);
    if (!connection) throw new Error(`Target ${target}: no system "${system}" is connected`);
    const resource = connection.resources[resourceOfTarget(target)];
    if (!resource) {
      const known = Object.keys(connection.resources).join(', ') || 'none';
      throw new Error(
        `Target ${target}: system "${system}" has no resource "${resourceOfTarget(target)}" (has: ${known})`,
      );
    }
    return resource;
  }

  /** Every connected system, by name, in registration order. */
  entries(): [string, SystemConnection][] {
    return [...this.byName];
  }
}

/** Connects every system with its settings; each builds its one client. */
export function connectSystems(
  systems: readonly SystemDefinition[],
  settings: Readonly<Record<string, SystemSettingValues>>,
  options: { timeoutMs: number; logger?: Logger },
): SystemConnections {
  return new SystemConnections(
    systems.map((system) => [
      system.name,
      system.connect({
        settings: settings[system.name] ?? {},
        timeoutMs: options.timeoutMs,
        ...(options.logger ? { logger: options.logger.child({ system: system.name }) } : {}),
      }),
    ]),
  );
}
