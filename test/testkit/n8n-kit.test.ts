/**
 * The n8n kit's own logic, in-process (no n8n): reading what `n8n execute` prints, judging a run,
 * and killing a process group at its time limit or on a signal.
 */
import { findExecutionJson, judgeExecution, runProcess, type ProcessOutcome } from '@stablecog/testkit/n8n';

describe('reading `n8n execute` output', () => {
  const execution = (status: string) => ({ status, startedAt: 'a', stoppedAt: 'b', data: { resultData: { runData: {} } } });
  const printed = (status: string) =>
    `n8n Task Broker ready on 127.0.0.1, port 5679\n{ not json\n${JSON.stringify(execution(status), null, 2)}\nError executing workflow.\n`;
  const outcome = (over: Partial<ProcessOutcome>): ProcessOutcome => ({
    code: 0,
    signal: null,
    stdout: '',
    stderr: '',
    ms: 3000,
    timedOut: false,
    stopped: false,
    ...over,
  });

  it('finds the result after log lines, ignoring what follows it', () => {
    expect(findExecutionJson(printed('success'))?.json).toEqual(execution('success'));
    expect(findExecutionJson('No active execution found\n{\n')).toBeUndefined();
  });

  it('judges a run by its printed status: exit 1 with a failed execution is a result, not a crash', () => {
    const warn = jest.fn();
    const run = judgeExecution('run', outcome({ code: 1, stdout: printed('error') }), warn);
    expect([run.status, run.exitCode]).toEqual(['error', 1]);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['exit code 139', { code: 139 }, /exited with 139/],
    ['SIGSEGV', { code: null, signal: 'SIGSEGV' as const }, /exited with SIGSEGV/],
    ['a hang on the way out', { code: null, signal: 'SIGKILL' as const, timedOut: true }, /hung until killed/],
  ])('tolerates and logs %s after a complete result', (_, over, logged) => {
    const warn = jest.fn();
    expect(judgeExecution('run', outcome({ ...over, stdout: printed('success') }), warn).status).toBe('success');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(logged));
  });

  it('fails with the output tail and a hint when n8n printed no result', () => {
    const run = () => judgeExecution('run', outcome({ stdout: 'boot\nNo active execution found\n' }));
    expect(run).toThrow(/exited with 0 .* without printing an execution\.\nHint: n8n rejected the workflow/s);
    expect(() => judgeExecution('run', outcome({ code: null, signal: 'SIGKILL', timedOut: true, ms: 8000 }))).toThrow(
      /ran past its time limit \(8000 ms\) and was killed/,
    );
  });
});

describe('runProcess', () => {
  // A parent that never exits, with a child in its process group holding stdout open.
  const stuck = ['-e', "require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e3)'], { stdio: 'inherit' }); setInterval(() => {}, 1e3)"];

  it('kills the whole process group at its time limit', async () => {
    const outcome = await runProcess(process.execPath, stuck, { env: process.env, timeoutMs: 300 });
    // 'close' only comes once every holder of stdout is gone: the grandchild was killed too.
    expect(outcome).toMatchObject({ timedOut: true, stopped: false, signal: 'SIGKILL' });
    expect(outcome.ms).toBeGreaterThanOrEqual(300);
  });

  it('kills the whole process group when its signal aborts, and not before', async () => {
    const stop = new AbortController();
    const running = runProcess(process.execPath, stuck, { env: process.env, timeoutMs: 600_000, signal: stop.signal });
    let settled = false;
    void running.finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    stop.abort();
    expect(await running).toMatchObject({ timedOut: false, stopped: true, signal: 'SIGKILL' });
  });

  it('reports a finished process as it exited', async () => {
    const outcome = await runProcess(process.execPath, ['-e', "process.stdout.write('out'); process.exit(3)"], { env: process.env, timeoutMs: 600_000 });
    expect(outcome).toMatchObject({ code: 3, stdout: 'out', timedOut: false, stopped: false });
  });
});

describe('describing a stopped run', () => {
  it('says it was stopped, not that it ran past a limit', () => {
    const outcome: ProcessOutcome = { code: null, signal: 'SIGKILL', stdout: '', stderr: '', ms: 1200, timedOut: false, stopped: true };
    expect(() => judgeExecution('run', outcome)).toThrow(/stopped by its caller after 1200 ms and killed/);
  });
});
