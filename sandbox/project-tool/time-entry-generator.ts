import express, { type Router } from 'express';
import { z } from 'zod';
import type { DocumentCollection } from '../kit/document-collection';
import { isoDate } from '../kit/field-rules';
import { opaqueId } from '../kit/opaque-id';
import { fieldIssues } from '../kit/validation-issues';
import type { Project } from './project-input';
import type { TimeEntry } from './time-entry-input';
import type { TimeEntryStore } from './time-entry-store';

const generateRequest = z
  .strictObject({
    count: z.number().int().min(1).max(100_000),
    /** Projects to book on, round-robin; default every stored project. */
    project_ids: z.array(z.string().min(1)).min(1).optional(),
    from: isoDate,
    to: isoDate,
    /** Share of entries that are billable, 0–1. @default 1 */
    billable_ratio: z.number().min(0).max(1).optional(),
    /** Seed of the pseudo-random minutes, people and billable flags, so a test can repeat a data set. */
    seed: z.number().int().optional(),
  })
  .refine((request) => request.from <= request.to, { path: ['to'], message: 'must not be before from' });

/**
 * `POST /__sandbox/time-entries/generate`: bulk-creates time entries for load and reconciliation tests, in one
 * transaction (10,000 entries in well under a second). Dates cycle through `from`..`to`, projects round-robin,
 * minutes are multiples of 15 between 15 and 480.
 */
export function timeEntryGeneratorRouter(options: {
  projects: DocumentCollection<Project>;
  timeEntries: TimeEntryStore;
}): Router {
  const router = express.Router();
  router.post('/time-entries/generate', (req, res) => {
    const parsed = generateRequest.safeParse(req.body ?? {});
    if (!parsed.success) {
      const [issue] = fieldIssues(parsed.error);
      res.status(400).json({ error: 'invalid_request', field: issue?.field, message: issue?.message });
      return;
    }
    const request = parsed.data;
    const projectIds = request.project_ids ?? options.projects.all().map((project) => project.id);
    const unknown = projectIds.find((id) => !options.projects.get(id));
    if (projectIds.length === 0 || unknown !== undefined) {
      res.status(400).json({
        error: 'invalid_request',
        field: 'project_ids',
        message: unknown ? `no project ${unknown}` : 'there are no projects to book time on',
      });
      return;
    }
    const dates = datesBetween(request.from, request.to);
    const random = seededRandom(request.seed ?? 1);
    const billableRatio = request.billable_ratio ?? 1;
    const createdAt = new Date().toISOString();
    const entries: TimeEntry[] = Array.from({ length: request.count }, (_, index) => ({
      id: opaqueId('te'),
      project_id: projectIds[index % projectIds.length]!,
      person_id: `usr_${String(1 + Math.floor(random() * 25)).padStart(3, '0')}`,
      date: dates[Math.floor(index / projectIds.length) % dates.length]!,
      minutes: 15 * (1 + Math.floor(random() * 32)),
      billable: random() < billableRatio,
      notes: null,
      created_at: createdAt,
    }));
    options.timeEntries.insertMany(entries);
    res.status(201).json({
      generated: entries.length,
      billable: entries.filter((entry) => entry.billable).length,
      billable_minutes: entries.reduce((sum, entry) => sum + (entry.billable ? entry.minutes : 0), 0),
    });
  });
  return router;
}

function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); day.toISOString().slice(0, 10) <= to;) {
    dates.push(day.toISOString().slice(0, 10));
    day = new Date(day.getTime() + 86_400_000);
  }
  return dates;
}

/** mulberry32: a tiny deterministic generator; test data, not cryptography. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
