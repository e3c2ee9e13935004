import { opaqueId } from '../kit/opaque-id';
import express from 'express';
import pino, { type Logger } from 'pino';
import { controlPlaneRouter } from '../kit/control-plane';
import { sandboxDevDefaults } from '../kit/dev-defaults';
import { DocumentCollection } from '../kit/document-collection';
import { alterOneCharacter } from '../kit/faults/alter-value';
import { apiFaultMiddleware } from '../kit/faults/api-fault-middleware';
import { apiResponseFaultKinds, lookupFaultKinds, writeFaultKinds } from '../kit/faults/fault-kinds';
import { FaultRegistry } from '../kit/faults/fault-registry';
import { IdempotentCreates } from '../kit/idempotent-creates';
import { jsonErrorHandler } from '../kit/json-error-handler';
import { openSandboxDatabase } from '../kit/sandbox-database';
import type { SandboxInstance } from '../kit/sandbox-instance';
import { projectApiRouter } from './project-api';
import { renderProjectToolFault, sendProjectError } from './project-errors';
import type { Project } from './project-input';
import { taskApiRouter } from './task-api';
import type { Task } from './task-input';
import { timeEntryApiRouter } from './time-entry-api';
import { timeEntryGeneratorRouter } from './time-entry-generator';
import type { TimeEntry } from './time-entry-input';
import { TimeEntryStore } from './time-entry-store';

export interface ProjectToolSandboxOptions {
  /** SQLite file, or `:memory:`. @default ':memory:' */
  databasePath?: string;
  /** The key clients send as `X-Api-Key`. @default sandboxDevDefaults.PROJECT_TOOL_API_KEY */
  apiKey?: string;
  /** @default a silent logger */
  logger?: Logger;
  /** Random source for rate faults. @default Math.random */
  random?: () => number;
}

export type ProjectToolSandbox = SandboxInstance<{
  projects: Project[];
  tasks: Task[];
  time_entries: TimeEntry[];
}>;

/** The project tool stand-in: snake_case JSON, `X-Api-Key` auth, strict length caps, idempotent creates. */
export function createProjectToolSandbox(options: ProjectToolSandboxOptions = {}): ProjectToolSandbox {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ sandbox: 'project-tool' });
  const db = openSandboxDatabase(options.databasePath ?? ':memory:');
  const projects = new DocumentCollection<Project>(db, 'projects', ['external_id']);
  const tasks = new DocumentCollection<Task>(db, 'tasks', ['external_id']);
  const timeEntries = new TimeEntryStore(db);
  const faults = new FaultRegistry(options.random);
  const creates = new IdempotentCreates<Project>({
    db,
    collection: projects,
    faults,
    alter: (project) => ({ ...project, name: alterOneCharacter(project.name) }),
    duplicate: (project) => ({ ...project, id: opaqueId('prj') }),
  });
  const taskCreates = new IdempotentCreates<Task>({
    db,
    collection: tasks,
    faults,
    alter: (task) => ({ ...task, title: alterOneCharacter(task.title) }),
    duplicate: (task) => ({ ...task, id: opaqueId('tsk') }),
    scope: 'tasks',
  });
  const shutdown = new AbortController();

  const snapshot = () => ({ projects: projects.all(), tasks: tasks.all(), time_entries: timeEntries.all() });
  const reset = () => {
    projects.clear();
    tasks.clear();
    timeEntries.clear();
    creates.clear();
    taskCreates.clear();
    faults.clear();
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/__sandbox',
    controlPlaneRouter({
      faults,
      faultKinds: [...apiResponseFaultKinds, ...writeFaultKinds, ...lookupFaultKinds],
      snapshot,
      reset,
      logger,
      routes: timeEntryGeneratorRouter({ projects, timeEntries }),
    }),
  );
  app.use(apiFaultMiddleware({ faults, render: renderProjectToolFault, logger, shutdown: shutdown.signal }));
  app.use(express.json({ limit: '1mb' }));
  const apiKey = options.apiKey ?? sandboxDevDefaults.PROJECT_TOOL_API_KEY;
  app.use(timeEntryApiRouter({ apiKey, projects, timeEntries }));
  app.use(taskApiRouter({ apiKey, projects, tasks, creates: taskCreates, faults }));
  app.use(projectApiRouter({ apiKey, projects, creates, faults }));
  app.use(jsonErrorHandler(sendProjectError, logger));

  return {
    app,
    faults,
    snapshot,
    reset,
    close: async () => {
      shutdown.abort();
      db.close();
    },
  };
}
