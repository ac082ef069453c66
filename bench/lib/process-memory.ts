/**
 * Peak memory of another process and everything it started, read from Linux's /proc while it runs:
 * every 20 ms the resident memory (RSS) of each process in the leader's process group is summed
 * (n8n starts its task runners in its own group), and the leader's own high-water mark (VmHWM,
 * kept by the kernel, so no peak of the leader is missed between samples) is read as well.
 * The sampling runs in a worker thread (process-memory.worker.js), unaffected by a busy main thread.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** What the sampler saw. */
export interface MemoryPeak {
  /** The highest sum of RSS over the process group, in MiB (sampled). */
  peakGroupRssMiB: number;
  /** The leader's own peak RSS as the kernel counted it (VmHWM at the last sample), in MiB. */
  leaderHwmMiB: number;
  /** Most processes seen in the group at once. */
  maxProcesses: number;
  samples: number;
  /** The longest time between two samples: a group peak shorter than this may be missed. */
  maxGapMs: number;
}

/** Identifies the leader: the process running in `cwd` whose command line has every one of `args`. */
export interface LeaderMatch {
  args: string[];
  cwd: string;
}

/** Starts sampling the group of the matching process (looked for until it appears); `stop()` returns the peak. */
export function sampleProcessGroup(match: LeaderMatch, intervalMs = 20): { stop(): Promise<MemoryPeak> } {
  if (!fs.existsSync('/proc/self/status')) throw new Error('sampling process memory needs Linux /proc');
  const worker = new Worker(path.join(__dirname, 'process-memory.worker.js'), {
    workerData: { args: match.args, cwd: fs.realpathSync(match.cwd), intervalMs },
  });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  return {
    async stop() {
      const answer = new Promise<Record<string, number | boolean>>((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      const peak = await Promise.race([answer, failed]);
      await worker.terminate();
      if (!peak.found || !peak.samples) throw new Error(`no process matching ${match.args.join(' ')} was seen running`);
      const mib = (kb: unknown) => Math.round((Number(kb) / 1024) * 10) / 10;
      return {
        peakGroupRssMiB: mib(peak.groupKb),
        leaderHwmMiB: mib(peak.leaderHwmKb),
        maxProcesses: Number(peak.maxProcesses),
        samples: Number(peak.samples),
        maxGapMs: Math.round(Number(peak.maxGapMs)),
      };
    },
  };
}
