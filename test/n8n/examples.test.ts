/**
 * The example workflows the package ships import into a real n8n as they are (only the credential
 * picked, as a user would) and run to success against the emulator.
 */
import { Stablecog } from '@stablecog/client';
import {
  exampleFiles,
  exampleWorkflow,
  type StablecogSuite,
  startStablecogSuite,
  type WorkflowFile,
} from '@stablecog/testkit/n8n';

jest.setTimeout(180_000);

describe('example workflows in n8n', () => {
  let sc: StablecogSuite;
  let examples: Array<[file: string, workflow: WorkflowFile]>;

  beforeAll(async () => {
    sc = await startStablecogSuite({ credits: 100 });
    // A history to list: the examples run in parallel, so one that lists outputs may start first.
    const client = new Stablecog({ apiToken: sc.token, baseUrl: sc.emulator.url });
    await client.images.generate({ prompt: 'history', width: 256, height: 256 });
    examples = exampleFiles().map((file) => [file, exampleWorkflow(file, sc.credential)]);
    await sc.n8n.importWorkflows(examples.map(([, workflow]) => workflow));
  }, 600_000);

  afterAll(async () => {
    await sc?.close();
  });

  it('ships examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it('runs every example to success; each Stablecog node emits items', async () => {
    // In parallel: each run is its own n8n process.
    const runs = await Promise.all(examples.map(([, workflow]) => sc.n8n.execute(workflow.id)));
    runs.forEach((run, i) => {
      const [file, workflow] = examples[i];
      expect({ file, status: run.status, error: run.errorMessage }).toEqual({ file, status: 'success', error: undefined });
      const stablecogNodes = (workflow.nodes as Array<{ name: string; type: string }>).filter(
        (node) => node.type === 'n8n-nodes-stablecog.stablecog',
      );
      const empty = stablecogNodes.filter((node) => run.items(node.name).length === 0).map((node) => node.name);
      expect({ file, nodesWithoutItems: empty }).toEqual({ file, nodesWithoutItems: [] });
      expect(run.text).not.toContain(sc.token);
    });
  });
});
