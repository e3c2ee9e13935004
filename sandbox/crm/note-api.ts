import express, { type Router } from 'express';
import { readIdempotencyKey, type IdempotentCreates } from '../kit/idempotent-creates';
import type { FaultRegistry } from '../kit/faults/fault-registry';
import { ignoresFilter } from '../kit/faults/lookup-faults';
import { opaqueId } from '../kit/opaque-id';
import { fieldIssues } from '../kit/validation-issues';
import { sendCrmError } from './crm-errors';
import type { Note } from './crm-records';
import type { CrmStore } from './crm-store';
import { createNoteInput, updateNoteInput } from './note-input';

/** `/api/notes`: notes on company records, written by integrations. Mounted behind CRM auth. */
export function noteApiRouter(options: {
  store: CrmStore;
  creates: IdempotentCreates<Note>;
  faults: FaultRegistry;
}): Router {
  const { store } = options;
  const router = express.Router();

  router.post('/api/notes', (req, res) => {
    const idempotency = readIdempotencyKey(req.get('idempotency-key'));
    if (!idempotency.ok) {
      sendCrmError(res, 400, 'INVALID_IDEMPOTENCY_KEY', idempotency.message);
      return;
    }
    const body: unknown = req.body;
    const previous = options.creates.check(idempotency.key, body);
    if (previous.kind === 'replay') {
      res.status(200).json(previous.record);
      return;
    }
    if (previous.kind === 'key_reused') {
      sendCrmError(
        res,
        409,
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with a different request body',
      );
      return;
    }
    const parsed = createNoteInput.safeParse(body ?? {});
    if (!parsed.success) {
      sendCrmError(res, 422, 'VALIDATION_FAILED', 'The note is invalid', fieldIssues(parsed.error));
      return;
    }
    const input = parsed.data;
    if (!store.companies.get(input.companyId)) {
      sendCrmError(res, 422, 'VALIDATION_FAILED', 'The note is invalid', [
        { field: 'companyId', message: `no such company ${input.companyId}` },
      ]);
      return;
    }
    const now = new Date().toISOString();
    const note: Note = {
      id: opaqueId('note'),
      companyId: input.companyId,
      body: input.body,
      externalId: input.externalId,
      createdAt: now,
      updatedAt: now,
    };
    const answered = options.creates.create(note, {
      key: idempotency.key,
      body,
      target: { method: req.method, path: req.path },
    });
    res.status(201).json(answered);
  });

  router.get('/api/notes', (req, res) => {
    const { externalId, companyId } = req.query;
    if (
      (externalId !== undefined && typeof externalId !== 'string') ||
      (companyId !== undefined && typeof companyId !== 'string')
    ) {
      sendCrmError(res, 400, 'INVALID_QUERY', 'externalId and companyId may each be given once');
      return;
    }
    const unfiltered = ignoresFilter(options.faults, req);
    const notes = store.notes
      .all()
      .filter(
        (note) =>
          unfiltered ||
          ((externalId === undefined || note.externalId === externalId) &&
            (companyId === undefined || note.companyId === companyId)),
      );
    res.json({ notes, totalCount: notes.length });
  });

  router.get('/api/notes/:id', (req, res) => {
    const note = store.notes.get(req.params.id);
    if (!note) {
      sendCrmError(res, 404, 'NOT_FOUND', `No note ${req.params.id}`);
      return;
    }
    res.json(note);
  });

  router.patch('/api/notes/:id', (req, res) => {
    const note = store.notes.get(req.params.id);
    if (!note) {
      sendCrmError(res, 404, 'NOT_FOUND', `No note ${req.params.id}`);
      return;
    }
    const parsed = updateNoteInput.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendCrmError(res, 422, 'VALIDATION_FAILED', 'The note update is invalid', fieldIssues(parsed.error));
      return;
    }
    res.json(store.notes.update({ ...note, body: parsed.data.body, updatedAt: new Date().toISOString() }));
  });

  return router;
}
