import { accounting } from './accounting';
import { billing } from './billing';
import { crm } from './crm';
import { helpdesk } from './helpdesk';
import { projectTool } from './project-tool';
import type { SystemDefinition } from './system';

/**
 * Every system Loudwire connects to, each connected once. Adding a system is a folder under src/systems plus one
 * line here; integrations then read from and write to it by name.
 */
export const systems: readonly SystemDefinition[] = [crm, projectTool, billing, helpdesk, accounting];
