import express, { type Router } from 'express';
import { opaqueId } from '../kit/opaque-id';
import { fieldIssues } from '../kit/validation-issues';
import type { DocumentCollection } from '../kit/document-collection';
import { projectToolApiKeyAuth } from './api-key-auth';
import { sendProjectError } from './project-errors';
import type { Project } from './project-input';
import {
  createTimeEntryInput,
  listTimeEntriesQuery,
  timeEntryPageLimit,
  type TimeEntry,
} from './time-entry-input';
import { decodeTimeEntryCursor, encodeTimeEntryCursor, type TimeEntryStore } from './time-entry-store';

export interface TimeEntryApiOptions {
  apiKey: string;
  projects: DocumentCollection<Project>;
  timeEntries: TimeEntryStore;
}

/** `/v2/time_entries`: time booked on projects, created one by one and read in cursor pages. */
export function timeEntryApiRouter(options: TimeEntryApiOptions): Router {
  const router = express.Router();

  router.use('/v2/time_entries', projectToolApiKeyAuth(options.apiKey));

  router.post('/v2/time_entries', (req, res) => {
    const parsed = createTimeEntryInput.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendProjectError(res, 422, 'validation_failed', 'The time entry is invalid', fieldIssues(parsed.error));
      return;
    }
    const input = parsed.data;
    if (!options.projects.get(input.project_id)) {
      sendProjectError(res, 422, 'validation_failed', 'The time entry is invalid', [
        { field: 'project_id', message: `no project ${input.project_id}` },
      ]);
      return;
    }
    const entry: TimeEntry = {
      id: opaqueId('te'),
      project_id: input.project_id,
      person_id: input.person_id,
      date: input.date,
      minutes: input.minutes,
      billable: input.billable,
      notes: input.notes ?? null,
      created_at: new Date().toISOString(),
    };
    options.timeEntries.insertMany([entry]);
    res.status(201).json({ time_entry: entry });
  });

  router.get('/v2/time_entries', (req, res) => {
    const repeated = Object.entries(req.query).find(([, value]) => typeof value !== 'string');
    if (repeated) {
      sendProjectError(res, 400, 'invalid_query', `${repeated[0]} must be given once`);
      return;
    }
    const parsed = listTimeEntriesQuery.safeParse(req.query);
    if (!parsed.success) {
      const [issue] = fieldIssues(parsed.error);
      sendProjectError(
        res,
        400,
        'invalid_query',
        `${issue?.field ?? 'query'} ${issue?.message ?? 'is invalid'}`,
      );
      return;
    }
    const query = parsed.data;
    const afterSeq = query.cursor === undefined ? 0 : decodeTimeEntryCursor(query.cursor);
    if (afterSeq === undefined) {
      sendProjectError(res, 400, 'invalid_query', 'cursor is not a cursor this API issued');
      return;
    }
    const page = options.timeEntries.page(
      {
        from: query.from,
        to: query.to,
        billable: query.billable === undefined ? undefined : query.billable === 'true',
        projectId: query.project_id,
      },
      afterSeq,
      query.limit ?? timeEntryPageLimit.default,
    );
    res.json({
      time_entries: page.entries,
      next_cursor: page.more && page.lastSeq !== undefined ? encodeTimeEntryCursor(page.lastSeq) : null,
    });
  });

  router.get('/v2/time_entries/:id', (req, res) => {
    const entry = options.timeEntries.get(req.params.id);
    if (!entry) {
      sendProjectError(res, 404, 'not_found', `No time entry ${req.params.id}`);
      return;
    }
    res.json({ time_entry: entry });
  });

  return router;
}
