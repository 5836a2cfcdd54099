import type { Job, JobKind } from './jobs.js';
import {
  type RLProgressEvent,
  type RLTransferJob,
  type RLTransferRecord,
  rlTransferKey,
  runRLTransfer,
} from './rl-transfer.js';

/** The id of the built-in job kind that runs one job of the RL transfer protocol. */
export const RL_TRANSFER_JOB_KIND = 'pathnet/rl-transfer';

/**
 * The built-in `pathnet/rl-transfer` job kind: one {@link RLTransferJob} (a
 * source and its targets, or the independent controls) on the running thread.
 * Keyed by setting, seed and source ({@link rlTransferKey}).
 */
export const rlTransferJobKind: JobKind<RLTransferJob, RLTransferRecord, RLProgressEvent> = {
  run: async (params, context) => runRLTransfer(params, (e) => context.progress(e)),
  key: (p) => rlTransferKey({ seed: p.seed, setting: p.setting, source: p.source?.id ?? null }),
  recordKey: (r) => rlTransferKey({ seed: r.seed, setting: r.setting, source: r.source }),
};

/** A job of kind {@link RL_TRANSFER_JOB_KIND}. */
export const rlTransferJob = (params: RLTransferJob): Job<RLTransferJob> => ({
  kind: RL_TRANSFER_JOB_KIND,
  params,
});
