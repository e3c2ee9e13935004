import type { AnomalyDeclaration } from '../anomaly/anomaly-declaration';
import { observeRecord, type BaselineState } from '../anomaly/baseline-state';
import type { RecordFeatures } from '../anomaly/record-features';
import { baselineTeachBacklog } from './baseline-teacher';

interface Lesson {
  features: RecordFeatures;
  declaration: AnomalyDeclaration;
  /** When the baseline accepted the signal carrying it (performance.now()); unset while it waits or travels. */
  confirmedAt?: number;
}

/**
 * Records this worker taught a baseline that a read of the baseline's state may not include yet: waiting for the
 * teacher's next batch, or in a signal still on its way. A fresh read replaced the worker's copy with the
 * workflow's state and so forgot them — under load a second's worth of records or more — and a record scored
 * against that copy could find the baseline back in its cold start and not be held (the flaky
 * anomaly-hold test). Each read now re-learns them; a lesson is forgotten here once a read that started after
 * the baseline accepted it has answered (a query sees every signal accepted before it).
 */
export class UnconfirmedLessons {
  readonly #byBaseline = new Map<string, Map<string, Lesson>>();

  /** A record the worker hands to the teacher for this baseline (the same object the teacher sends). */
  taught(workflowId: string, features: RecordFeatures, declaration: AnomalyDeclaration): void {
    let lessons = this.#byBaseline.get(workflowId);
    if (!lessons) this.#byBaseline.set(workflowId, (lessons = new Map()));
    lessons.delete(features.key); // a later version of the record replaces the earlier lesson, at the end
    lessons.set(features.key, { features, declaration });
    // As bounded as the teacher's backlog: past it the oldest lessons are dropped there too.
    for (const key of lessons.keys()) {
      if (lessons.size <= baselineTeachBacklog) break;
      lessons.delete(key);
    }
  }

  /** The baseline accepted a batch: its lessons are in every read that starts from now on. */
  accepted(workflowId: string, records: readonly RecordFeatures[]): void {
    const lessons = this.#byBaseline.get(workflowId);
    if (!lessons) return;
    const now = performance.now();
    for (const features of records) {
      const lesson = lessons.get(features.key);
      // Only this very lesson: a later version of the record taught meanwhile is still on its way.
      if (lesson?.features === features) lesson.confirmedAt = now;
    }
  }

  /**
   * Re-learns, on a state read that started at `readStartedAt`, every lesson it may not include; forgets those
   * it certainly includes. Re-learning one it does include is harmless: the baseline keeps one entry per key.
   */
  applyTo(workflowId: string, state: BaselineState, readStartedAt: number): void {
    const lessons = this.#byBaseline.get(workflowId);
    if (!lessons) return;
    for (const [key, lesson] of lessons) {
      if (lesson.confirmedAt !== undefined && lesson.confirmedAt < readStartedAt) lessons.delete(key);
      else observeRecord(state, lesson.features, lesson.declaration);
    }
    if (lessons.size === 0) this.#byBaseline.delete(workflowId);
  }
}
