/** The parts of n8n's execution JSON (`n8n execute --rawOutput`) the tests read, and the verdict on a run. */
import type { ProcessOutcome } from './process';

export interface BinaryRef {
  /** `filesystem-v2:workflows/<wf>/executions/<n>/binary_data/<uuid>`: where n8n stored the bytes. */
  id?: string;
  mimeType: string;
  fileName?: string;
  fileExtension?: string;
  fileSize?: string;
  data?: string;
  [key: string]: unknown;
}

export interface Item {
  json: Record<string, any>;
  binary?: Record<string, BinaryRef>;
  pairedItem?: { item: number; input?: number } | Array<{ item: number; input?: number }>;
  error?: unknown;
}

export interface NodeRun {
  startTime: number;
  executionTime: number;
  executionStatus?: string;
  data?: { main: Array<Item[] | null> };
  error?: { message?: string; description?: string; [key: string]: unknown };
}

export interface ExecutionJson {
  status: string;
  finished?: boolean;
  startedAt: string;
  stoppedAt: string;
  data: {
    resultData: {
      runData: Record<string, NodeRun[]>;
      lastNodeExecuted?: string;
      error?: { message?: string; description?: string; [key: string]: unknown };
    };
  };
}

/** One `n8n execute` run, parsed. */
export class Execution {
  constructor(
    /** The execution JSON as n8n printed it (to search for things that must not be there). */
    readonly text: string,
    readonly json: ExecutionJson,
    /** Wall time of the whole `n8n execute` process, boot included. */
    readonly processMs: number,
    readonly exitCode: number | null,
  ) {}

  /** `success`, `error`, `crashed`…: n8n's own verdict on the run. */
  get status(): string {
    return this.json.status;
  }

  /** The execution's own duration (stoppedAt - startedAt): workflow time, n8n's boot excluded. */
  get durationMs(): number {
    return Date.parse(this.json.stoppedAt) - Date.parse(this.json.startedAt);
  }

  /** The workflow-level error message, if the run failed. */
  get errorMessage(): string | undefined {
    const error = this.json.data.resultData.error;
    return error ? [error.message, error.description].filter(Boolean).join(': ') : undefined;
  }

  /** The runs of one node (a node inside a loop runs several times). */
  runs(node: string): NodeRun[] {
    const runs = this.json.data.resultData.runData[node];
    if (!runs) {
      const ran = Object.keys(this.json.data.resultData.runData).join(', ');
      throw new Error(`node "${node}" did not run (nodes that ran: ${ran || 'none'})`);
    }
    return runs;
  }

  /** The items a node emitted on one of its outputs (0 = main, 1 = the error output). */
  items(node: string, output = 0, run = 0): Item[] {
    const nodeRun = this.runs(node)[run];
    if (!nodeRun) throw new Error(`node "${node}" has no run ${run}`);
    if (nodeRun.error) throw new Error(`node "${node}" failed: ${nodeRun.error.message ?? 'unknown error'}`);
    return nodeRun.data?.main[output] ?? [];
  }
}

/**
 * Finds the execution JSON in `n8n execute` output. n8n prints it through its logger, after boot
 * log lines (task broker, license SDK…), pretty-printed from a line that is exactly `{` to one that
 * is exactly `}`; other lines may follow. Returns undefined when there is none.
 */
export function findExecutionJson(stdout: string): { text: string; json: ExecutionJson } | undefined {
  const lines = stdout.split('\n');
  for (let start = lines.indexOf('{'); start !== -1; start = lines.indexOf('{', start + 1)) {
    for (let end = start + 1; end < lines.length; end++) {
      if (lines[end] !== '}') continue;
      const text = lines.slice(start, end + 1).join('\n');
      try {
        const json = JSON.parse(text) as ExecutionJson;
        if (typeof json.status === 'string' && json.data?.resultData) return { text, json };
      } catch {
        // a `}` inside the document: keep looking for the one that closes it
      }
    }
  }
  return undefined;
}

/**
 * The verdict on an `n8n execute` process: its printed execution, judged by the status n8n printed
 * rather than by the exit code. n8n 2.41 rarely exits with 139 (SIGSEGV) after printing a complete
 * result; that is logged and tolerated. No printed execution at all is an error with the output's tail.
 */
export function judgeExecution(
  what: string,
  outcome: ProcessOutcome,
  warn: (line: string) => void = console.warn,
): Execution {
  const found = findExecutionJson(outcome.stdout);
  if (!found) throw new Error(describeFailure(what, outcome));
  if (outcome.code !== 0 && outcome.code !== 1) {
    // 0 = success, 1 = the workflow failed: anything else after a full result is n8n crashing (or
    // hanging, then killed) on its way out, after the run itself was over.
    const exit = outcome.timedOut
      ? 'hung until killed at its time limit'
      : outcome.stopped
        ? 'was stopped by its caller'
        : `exited with ${outcome.code ?? outcome.signal}`;
    warn(`${what} printed a complete "${found.json.status}" execution, then ${exit}; judging the run by its printed status`);
  }
  return new Execution(found.text, found.json, outcome.ms, outcome.code);
}

/** A failed n8n command, with the tail of its output and what usually causes it. */
export function describeFailure(what: string, outcome: ProcessOutcome): string {
  const tail = (text: string) => text.trimEnd().split('\n').slice(-25).join('\n');
  const verdict = outcome.timedOut
    ? `ran past its time limit (${outcome.ms} ms) and was killed with its task runners`
    : outcome.stopped
      ? `was stopped by its caller after ${outcome.ms} ms and killed with its task runners`
      : `exited with ${outcome.code ?? outcome.signal} after ${outcome.ms} ms without printing an execution`;
  const hint = /No active execution found/.test(outcome.stdout + outcome.stderr)
    ? '\nHint: n8n rejected the workflow before running it (a required parameter left empty does this); ' +
      'the reason is only stored in its database.'
    : '';
  return `${what} ${verdict}.${hint}\n--- stdout (tail) ---\n${tail(outcome.stdout)}\n--- stderr (tail) ---\n${tail(outcome.stderr)}`;
}
