/**
 * The harness itself, on n8n's own nodes against a local HTTP server: parsing, binary storage,
 * parallel runs, and that a stuck run is killed instead of hanging the suite. (Reading n8n's
 * output and the time limit are tested in-process: test/testkit/n8n-kit.test.ts.)
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { code, httpRequest, items, manualTrigger, N8nSuite, workflow } from '@stablecog/testkit/n8n';

jest.setTimeout(180_000); // n8n's boot alone can take a minute on a loaded machine

describe('n8n harness (n8n nodes only)', () => {
  let suite: N8nSuite;
  let server: http.Server;
  let baseUrl: string;
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(2000)]);
  let hangingRequestOpen: Promise<void>;
  let hangingRequestClosed: Promise<void>;
  let signalHangingOpen: () => void;
  let signalHangingClosed: () => void;

  beforeAll(async () => {
    hangingRequestOpen = new Promise((resolve) => (signalHangingOpen = resolve));
    hangingRequestClosed = new Promise((resolve) => (signalHangingClosed = resolve));
    server = http.createServer((req, res) => {
      if (req.url === '/bytes') {
        res.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes);
      } else if (req.url === '/hang') {
        signalHangingOpen();
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

  it('kills a stuck run, task runners and open requests included', async () => {
    // Stopped once n8n holds the request open (a state), not after a guessed time: a loaded machine
    // may take longer than any fixed limit just to boot n8n and reach the request.
    const stop = new AbortController();
    void hangingRequestOpen.then(() => stop.abort());
    await expect(suite.execute('harnessHang', { signal: stop.signal, timeoutMs: 150_000 })).rejects.toThrow(/stopped by its caller .* killed/);
    await hangingRequestClosed; // the process holding the request is gone
  });

  it('reports a workflow id n8n does not know', async () => {
    await expect(suite.execute('noSuchWorkflow')).rejects.toThrow(/without printing an execution/);
  });
});
