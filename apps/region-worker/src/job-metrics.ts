import { workerJobDuration, workerJobs } from '@restgw/platform';

/**
 * Runs one job attempt and records it: restgw_worker_jobs_total and
 * restgw_worker_job_duration_seconds by job and outcome (applied, superseded
 * by a newer version, failed: an attempt that threw, retried or not).
 */
export async function measuredJob<T>(job: string, run: () => Promise<T>): Promise<T> {
  const stop = workerJobDuration.startTimer({ job });
  try {
    const result = await run();
    const outcome = result === 'superseded' ? 'superseded' : 'applied';
    stop({ outcome });
    workerJobs.inc({ job, outcome });
    return result;
  } catch (e) {
    stop({ outcome: 'failed' });
    workerJobs.inc({ job, outcome: 'failed' });
    throw e;
  }
}
