import express, { type Router } from 'express';
import { applyChanges } from '../kit/apply-changes';
import type { DocumentCollection } from '../kit/document-collection';
import { readIdempotencyKey, type IdempotentCreates } from '../kit/idempotent-creates';
import type { FaultRegistry } from '../kit/faults/fault-registry';
import { ignoresFilter } from '../kit/faults/lookup-faults';
import { opaqueId } from '../kit/opaque-id';
import { fieldIssues } from '../kit/validation-issues';
import { projectToolApiKeyAuth } from './api-key-auth';
import { createProjectInput, updateProjectInput, type Project } from './project-input';
import { sendProjectError } from './project-errors';

export interface ProjectApiOptions {
  apiKey: string;
  projects: DocumentCollection<Project>;
  creates: IdempotentCreates<Project>;
  faults: FaultRegistry;
}

/** `/v2/projects`: the project tool's public API, authenticated with `X-Api-Key`. */
export function projectApiRouter(options: ProjectApiOptions): Router {
  const router = express.Router();

  router.use(projectToolApiKeyAuth(options.apiKey));

  router.post('/v2/projects', (req, res) => {
    const idempotency = readIdempotencyKey(req.get('idempotency-key'));
    if (!idempotency.ok) {
      sendProjectError(res, 400, 'invalid_idempotency_key', idempotency.message);
      return;
    }
    const body: unknown = req.body;
    const previous = options.creates.check(idempotency.key, body);
    if (previous.kind === 'replay') {
      res.status(200).json({ project: previous.record });
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
    const parsed = createProjectInput.safeParse(body ?? {});
    if (!parsed.success) {
      const fields = fieldIssues(parsed.error);
      sendProjectError(res, 422, 'validation_failed', 'The project is invalid', fields);
      return;
    }
    const input = parsed.data;
    const project: Project = {
      id: opaqueId('prj'),
      name: input.name,
      client: input.client,
      external_id: input.external_id,
      kickoff_date: input.kickoff_date ?? null,
      budget_cents: input.budget_cents ?? null,
      currency: input.currency ?? null,
      owner_email: input.owner_email ?? null,
      status: input.status ?? 'kickoff',
      created_at: new Date().toISOString(),
    };
    const answered = options.creates.create(project, {
      key: idempotency.key,
      body,
      target: { method: req.method, path: req.path },
    });
    res.status(201).json({ project: answered });
  });

  router.get('/v2/projects', (req, res) => {
    const externalId = req.query.external_id;
    if (externalId !== undefined && typeof externalId !== 'string') {
      sendProjectError(res, 400, 'invalid_query', 'external_id must be given once');
      return;
    }
    const projects =
      externalId === undefined || ignoresFilter(options.faults, req)
        ? options.projects.all()
        : options.projects.findBy('external_id', externalId);
    res.json({ projects });
  });

  router.get('/v2/projects/:id', (req, res) => {
    const project = options.projects.get(req.params.id);
    if (!project) {
      sendProjectError(res, 404, 'not_found', `No project ${req.params.id}`);
      return;
    }
    res.json({ project });
  });

  // Partial update, as project tools expose for editing a project. external_id is the link to the source
  // record and cannot change.
  router.patch('/v2/projects/:id', (req, res) => {
    const project = options.projects.get(req.params.id);
    if (!project) {
      sendProjectError(res, 404, 'not_found', `No project ${req.params.id}`);
      return;
    }
    const parsed = updateProjectInput.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendProjectError(
        res,
        422,
        'validation_failed',
        'The project update is invalid',
        fieldIssues(parsed.error),
      );
      return;
    }
    const updated = applyChanges<Project>(project, parsed.data);
    res.json({ project: options.projects.update(updated) });
  });

  router.use((_req, res) => {
    sendProjectError(res, 404, 'not_found', 'Unknown route');
  });

  return router;
}
