import express, { type Router } from 'express';
import { applyChanges } from '../kit/apply-changes';
import type { DocumentCollection } from '../kit/document-collection';
import { readIdempotencyKey, type IdempotentCreates } from '../kit/idempotent-creates';
import type { FaultRegistry } from '../kit/faults/fault-registry';
import { ignoresFilter } from '../kit/faults/lookup-faults';
import { opaqueId } from '../kit/opaque-id';
import { fieldIssues } from '../kit/validation-issues';
import { projectToolApiKeyAuth } from './api-key-auth';
import { sendProjectError } from './project-errors';
import type { Project } from './project-input';
import { createTaskInput, updateTaskInput, type Task } from './task-input';

export interface TaskApiOptions {
  apiKey: string;
  projects: DocumentCollection<Project>;
  tasks: DocumentCollection<Task>;
  creates: IdempotentCreates<Task>;
  faults: FaultRegistry;
}

/** `/v2/tasks`: work items inside projects, the project tool's second resource. Same auth and rules as projects. */
export function taskApiRouter(options: TaskApiOptions): Router {
  const router = express.Router();
  router.use('/v2/tasks', projectToolApiKeyAuth(options.apiKey));

  const unknownProject = (res: express.Response, projectId: string, message: string) =>
    sendProjectError(res, 422, 'validation_failed', message, [
      { field: 'project_id', message: `no project ${projectId}` },
    ]);

  router.post('/v2/tasks', (req, res) => {
    const idempotency = readIdempotencyKey(req.get('idempotency-key'));
    if (!idempotency.ok) {
      sendProjectError(res, 400, 'invalid_idempotency_key', idempotency.message);
      return;
    }
    const body: unknown = req.body;
    const previous = options.creates.check(idempotency.key, body);
    if (previous.kind === 'replay') {
      res.status(200).json({ task: previous.record });
      return;
    }
    if (previous.kind === 'key_reused') {
      sendProjectError(
        res,
        409,
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request body',
      );
      return;
    }
    const parsed = createTaskInput.safeParse(body ?? {});
    if (!parsed.success) {
      sendProjectError(res, 422, 'validation_failed', 'The task is invalid', fieldIssues(parsed.error));
      return;
    }
    const input = parsed.data;
    if (!options.projects.get(input.project_id)) {
      unknownProject(res, input.project_id, 'The task is invalid');
      return;
    }
    const now = new Date().toISOString();
    const task: Task = {
      id: opaqueId('tsk'),
      project_id: input.project_id,
      title: input.title,
      description: input.description ?? null,
      priority: input.priority,
      status: 'open',
      external_id: input.external_id,
      created_at: now,
      updated_at: now,
    };
    const answered = options.creates.create(task, {
      key: idempotency.key,
      body,
      target: { method: req.method, path: req.path },
    });
    res.status(201).json({ task: answered });
  });

  router.get('/v2/tasks', (req, res) => {
    const { external_id: externalId, project_id: projectId } = req.query;
    if (
      (externalId !== undefined && typeof externalId !== 'string') ||
      (projectId !== undefined && typeof projectId !== 'string')
    ) {
      sendProjectError(res, 400, 'invalid_query', 'external_id and project_id may each be given once');
      return;
    }
    const tasks = ignoresFilter(options.faults, req)
      ? options.tasks.all()
      : (externalId === undefined
          ? options.tasks.all()
          : options.tasks.findBy('external_id', externalId)
        ).filter((task) => projectId === undefined || task.project_id === projectId);
    res.json({ tasks });
  });

  router.get('/v2/tasks/:id', (req, res) => {
    const task = options.tasks.get(req.params.id);
    if (!task) {
      sendProjectError(res, 404, 'not_found', `No task ${req.params.id}`);
      return;
    }
    res.json({ task });
  });

  router.patch('/v2/tasks/:id', (req, res) => {
    const task = options.tasks.get(req.params.id);
    if (!task) {
      sendProjectError(res, 404, 'not_found', `No task ${req.params.id}`);
      return;
    }
    const parsed = updateTaskInput.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendProjectError(
        res,
        422,
        'validation_failed',
        'The task update is invalid',
        fieldIssues(parsed.error),
      );
      return;
    }
    if (parsed.data.project_id !== undefined && !options.projects.get(parsed.data.project_id)) {
      unknownProject(res, parsed.data.project_id, 'The task update is invalid');
      return;
    }
    const updated = applyChanges<Task>(task, { ...parsed.data, updated_at: new Date().toISOString() });
    res.json({ task: options.tasks.update(updated) });
  });

  return router;
}
