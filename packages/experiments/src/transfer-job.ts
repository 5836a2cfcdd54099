import type { Job, JobKind } from './jobs.js';
import {
  jobKey,
  type ProgressEvent,
  runJobs,
  type SeedRecord,
  type TransferJob,
} from './schedule.js';

/** The id of the built-in job kind that runs one repetition of the transfer protocol. */
export const TRANSFER_JOB_KIND = 'pathnet/transfer';

/**
 * The built-in `pathnet/transfer` job kind: one repetition of the transfer
 * protocol (Sec. 3.1) — task A, then task B under each condition in turn, in
 * the running thread — giving the same {@link SeedRecord} as the phase
 * phase schedule of {@link runJobs} (its local schedule), which runs the
 * same phases in parallel worker threads.
 * Keyed by setting and seed ({@link jobKey}).
 */
export const transferJobKind: JobKind<TransferJob, SeedRecord, ProgressEvent> = {
  async run(params, context) {
    let record: SeedRecord | undefined;
    await runJobs([params], {
      progress: (event) => context.progress(event),
      record: (r) => {
        record = r;
      },
    });
    return record!;
  },
  schedule: (jobs, events, options) =>
    runJobs(
      jobs,
      {
        progress: (event) => events.progress?.(jobKey(event.setting, event.seed), event),
        ...(events.phaseDone && { phaseDone: events.phaseDone }),
        record: events.record,
      },
      options,
    ),
  key: (params) => jobKey(params.setting, params.plan.seed),
  recordKey: (record) => jobKey(record.setting, record.seed),
  recordFits: (params, record) => {
    const missing = params.settings.conditions.filter((c) => record.conditions?.[c] === undefined);
    return missing.length === 0
      ? undefined
      : `it lacks the condition${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of the settings`;
  },
};

/** A repetition of the transfer protocol as a {@link Job} of kind {@link TRANSFER_JOB_KIND}. */
export const transferJob = (params: TransferJob): Job<TransferJob> => ({
  kind: TRANSFER_JOB_KIND,
  params,
});
