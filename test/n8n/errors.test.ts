/**
 * Stablecog errors in a real n8n: with "On Error → Continue (using error output)" a rejected item
 * goes to the error output with a readable reason and the others go on; without it the workflow
 * fails with the reason. Nothing in the execution JSON carries the token.
 */
import { items, manualTrigger, type NodeSpec, type StablecogSuite, startStablecogSuite, workflow } from '@stablecog/testkit/n8n';

jest.setTimeout(180_000);

const noOp = (name: string): NodeSpec => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1 });

describe('Stablecog errors in n8n', () => {
  let sc: StablecogSuite;
  const prompts = ['a red fox in snow', 'emu_nsfw a forbidden picture', 'a blue whale'];

  beforeAll(async () => {
    sc = await startStablecogSuite({ credits: 100 });
    const generate = (extra: Partial<NodeSpec> = {}) =>
      sc.stablecog(
        'Generate',
        {
          resource: 'image',
          operation: 'generate',
          prompt: '={{ $json.prompt }}',
          options: { width: 256, height: 256, downloadImages: false },
        },
        extra,
      );
    const routed = (id: string, list: string[]) =>
      workflow(
        id,
        'Errors to the error output',
        [
          manualTrigger(),
          ...items(list.length, (i) => ({ prompt: list[i] })),
          generate({ onError: 'continueErrorOutput' }),
          noOp('Made'),
          noOp('Failed'),
        ],
        [
          ['Manual', 'Data'],
          ['Data', 'Items'],
          ['Items', 'Generate'],
          ['Generate', 'Made', 0],
          ['Generate', 'Failed', 1],
        ],
      );
    await sc.n8n.importWorkflows([
      routed('scErrorsRouted', prompts),
      routed('scErrorsNoCredits', ['a lighthouse', 'a windmill']),
      workflow('scErrorsStop', 'Errors stop the workflow', [manualTrigger(), ...items(3, (i) => ({ prompt: prompts[i] })), generate()]),
    ]);
  }, 600_000);

  afterAll(async () => {
    await sc?.close();
  });

  it('routes a content-policy rejection to the error output; the other items go on', async () => {
    const charged = () => sc.emulator.control.ledger({ token: sc.token }).filter((e) => e.kind === 'charge').length;
    const chargesBefore = charged();
    const run = await sc.n8n.executeOk('scErrorsRouted');

    const made = run.items('Generate', 0);
    expect(made.map((item) => [item.json.prompt, item.pairedItem])).toEqual([
      [prompts[0], { item: 0 }],
      [prompts[2], { item: 2 }],
    ]);
    const [failed, ...more] = run.items('Generate', 1);
    expect(more).toEqual([]);
    expect(failed.pairedItem).toEqual({ item: 1 });
    expect(failed.json.error).toMatch(/content|policy|prompt/i);
    expect(failed.json.details).toMatchObject({ code: 'content_policy', status: 400 });
    expect(run.items('Failed')).toHaveLength(1);
    expect(run.items('Made')).toHaveLength(2);

    expect(charged() - chargesBefore).toBe(2); // the rejected prompt cost nothing
    expect(run.text).not.toContain(sc.token);
  });

  it('routes insufficient credits to the error output with a readable reason', async () => {
    sc.emulator.control.setCredits(sc.token, 1);
    try {
      const run = await sc.n8n.executeOk('scErrorsNoCredits');
      expect(run.items('Generate', 0).map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
      const [failed, ...more] = run.items('Generate', 1);
      expect(more).toEqual([]);
      expect(failed.pairedItem).toEqual({ item: 1 }); // the second image finds no credit left
      expect(failed.json.details).toMatchObject({ code: 'insufficient_credits' });
      expect(failed.json.error).toMatch(/credit/i);
      expect(run.text).not.toContain(sc.token);
    } finally {
      sc.emulator.control.setCredits(sc.token, 100);
    }
  });

  it('without continue-on-fail, fails the workflow with the reason and no token', async () => {
    const run = await sc.n8n.execute('scErrorsStop');
    expect(run.status).toBe('error');
    expect(run.exitCode).toBe(1);
    expect(run.errorMessage).toMatch(/content|policy|prompt/i);
    expect(run.text).not.toContain(sc.token);
  });
});
