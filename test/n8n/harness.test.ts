/**
 * The harness itself, on n8n's own nodes against a local HTTP server: parsing, binary storage,
 * parallel runs, and that a stuck run is killed instead of hanging the suite.
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  code,
  findExecutionJson,
  httpRequest,
  items,
  judgeExecution,
  manualTrigger,
  N8nSuite,
  type ProcessOutcome,
  workflow,
} from '@stablecog/testkit/n8n';

jest.setTimeout(120_000);

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

describe('n8n harness (n8n nodes only)', () => {
  let suite: N8nSuite;
  let server: http.Server;
  let baseUrl: string;
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(2000)]);
  let hangingRequestClosed: Promise<void>;
  let signalHangingClosed: () => void;

  beforeAll(async () => {
    hangingRequestClosed = new Promise((resolve) => (signalHangingClosed = resolve));
    server = http.createServer((req, res) => {
      if (req.url === '/bytes') {
        res.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes);
      } else if (req.url === '/hang') {
        req.socket.once('close', () => signalHangingClosed()); // answered never; closed when n8n dies
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    suite = await N8nSuite.start({ stablecog: false });
    await suite.importWorkflows([
      workflow('harnessJson', 'HTTP per item', [
        manualTrigger(),
        ...items(3, (i) => ({ name: `n${i}` })),
        httpRequest('Fetch', { url: `=${baseUrl}/echo/{{ $json.name }}`, options: {} }),
      ]),
      workflow('harnessBinary', 'Download a file', [
        manualTrigger(),
        httpRequest('Download', {
          url: `${baseUrl}/bytes`,
          options: { response: { response: { responseFormat: 'file' } } },
        }),
      ]),
      workflow('harnessCode', 'Code node', [manualTrigger(), code('Code', 'return [{ json: { sum: 1 + 2 } }];')]),
      workflow('harnessHang', 'Never answered', [manualTrigger(), httpRequest('Hang', { url: `${baseUrl}/hang`, options: {} })]),
    ]);
  }, 600_000); // the first run may install n8n (minutes, progress printed)

  afterAll(async () => {
    suite?.dispose();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('runs a workflow and returns each node’s items with pairedItem', async () => {
    const run = await suite.executeOk('harnessJson');
    expect(run.items('Fetch').map((item) => [item.json.path, item.pairedItem])).toEqual([
      ['/echo/n0', { item: 0 }],
      ['/echo/n1', { item: 1 }],
      ['/echo/n2', { item: 2 }],
    ]);
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.processMs).toBeGreaterThan(run.durationMs);
  });

  it('reads the bytes n8n stored for a binary', async () => {
    const run = await suite.executeOk('harnessBinary');
    const [item] = run.items('Download');
    expect(item.binary?.data.mimeType).toBe('image/jpeg');
    expect(suite.readBinary(item.binary!.data).equals(bytes)).toBe(true);
    expect(suite.binaryPath(item.binary!.data)).toContain(`${suite.userFolder}/.n8n/storage/workflows/harnessBinary/`);
  });

  it('runs several executions in parallel (one task-broker port each), Code node included', async () => {
    const runs = await Promise.all([suite.executeOk('harnessCode'), suite.executeOk('harnessCode'), suite.executeOk('harnessJson')]);
    expect(runs[0].items('Code')[0].json).toEqual({ sum: 3 });
    expect(runs[1].items('Code')[0].json).toEqual({ sum: 3 });
    expect(runs[2].items('Fetch')).toHaveLength(3);
  });

  it('kills a run that outlives its time limit, task runners and open requests included', async () => {
    await expect(suite.execute('harnessHang', { timeoutMs: 8_000 })).rejects.toThrow(/time limit .* killed/);
    await hangingRequestClosed; // the process holding the request is gone
  });

  it('reports a workflow id n8n does not know', async () => {
    await expect(suite.execute('noSuchWorkflow', { timeoutMs: 30_000 })).rejects.toThrow(/without printing an execution/);
  });
});
