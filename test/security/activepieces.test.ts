/**
 * The Activepieces piece shows and sends the token nowhere but the API: a distinctive token (and a
 * wrong one) is searched for in every step's output and error, every dropdown and validate result,
 * the trigger's store and everything printed meanwhile; the image CDN and a starting image's host
 * get no Authorization.
 */
import { capturePrinted, everythingShownBy, expectNoSecret, SECRET_TOKEN, useTokenRig, WRONG_TOKEN } from '@stablecog/testkit';
import { stablecogAuth } from '../../packages/activepieces-stablecog/src';
import { findOutputs } from '../../packages/activepieces-stablecog/src/lib/actions/find-outputs';
import { generateImage } from '../../packages/activepieces-stablecog/src/lib/actions/generate-image';
import { getCredits } from '../../packages/activepieces-stablecog/src/lib/actions/get-credits';
import { listOutputs } from '../../packages/activepieces-stablecog/src/lib/actions/list-outputs';
import { upscaleImage } from '../../packages/activepieces-stablecog/src/lib/actions/upscale-image';
import { newOutput } from '../../packages/activepieces-stablecog/src/lib/triggers/new-output';
import { engineFor, memoryStore, triggerContext, type PollingTrigger } from '../../packages/activepieces-stablecog/test/helpers';

jest.setTimeout(120_000);

const server = { apiUrl: 'http://127.0.0.1:1/api/', publicUrl: 'http://127.0.0.1:1/' };

const rig = useTokenRig();

describe('the Activepieces piece and the token', () => {
  it('appears in no output, error, dropdown, store or printed line, through successes and failures', async () => {
    const outcomes: Array<{ result?: unknown; error?: unknown }> = [];
    const step = async (run: () => Promise<unknown>) => {
      const outcome = await run().then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      outcomes.push(outcome);
      return outcome as { result?: any; error?: unknown };
    };
    const engine = engineFor(rig.emulator.url, ` Bearer ${SECRET_TOKEN} `);
    const wrong = engineFor(rig.emulator.url, WRONG_TOKEN);
    const echoing = engineFor(rig.echo.url, SECRET_TOKEN);
    const store = memoryStore('live');
    const trigger = newOutput as unknown as PollingTrigger<typeof newOutput.props>;

    const { printed, error } = await capturePrinted(async () => {
      await step(() => stablecogAuth.validate!({ auth: engine.auth.props, server }));
      await step(() => stablecogAuth.validate!({ auth: wrong.auth.props, server }));
      await step(() => stablecogAuth.validate!({ auth: echoing.auth.props, server }));
      await step(() => generateImage.props.model_id.options({ auth: engine.auth }, engine.propertyContext));
      await step(() => generateImage.props.scheduler_id.options({ auth: echoing.auth }, echoing.propertyContext));
      await step(() => trigger.onEnable(triggerContext<typeof newOutput.props>(engine, { model_id: undefined }, store)));
      const generated = await step(() =>
        generateImage.run(
          engine.actionContext(generateImage.props, { prompt: 'a lighthouse', num_outputs: 2, init_image_url: `${rig.fileHost.url}/photo.png?signature=abc` }),
        ),
      );
      expect(generated.result?.image_count).toBe(2);
      await step(() => upscaleImage.run(engine.actionContext(upscaleImage.props, { image: generated.result.images[0].id })));
      await step(() => findOutputs.run(engine.actionContext(findOutputs.props, { prompt: 'a lighthouse' })));
      await step(() => listOutputs.run(engine.actionContext(listOutputs.props, { limit: 5 })));
      await step(() => getCredits.run(engine.actionContext(getCredits.props, {})));
      await step(() => trigger.run(triggerContext<typeof newOutput.props>(engine, { model_id: undefined }, store)));

      rig.emulator.control.injectFaults([{ route: 'generate', kind: 'drop', times: 1 }]);
      await step(() => generateImage.run(engine.actionContext(generateImage.props, { prompt: 'lost' })));
      rig.emulator.control.injectFaults([{ route: 'generate', kind: 'timeout', times: 1 }]);
      await step(() => generateImage.run(engine.actionContext(generateImage.props, { prompt: 'timed out' })));
      rig.emulator.control.injectFaults([{ route: 'outputs', kind: '500' }]);
      await step(() => trigger.run(triggerContext<typeof newOutput.props>(engine, { model_id: undefined }, store)));
      rig.emulator.control.clearFaults();
      await step(() => generateImage.run(wrong.actionContext(generateImage.props, { prompt: 'x' })));
      // A server that echoes the request (the token in its Authorization header) back in its error page.
      await step(() => generateImage.run(echoing.actionContext(generateImage.props, { prompt: 'echo', width: 512, height: 512 })));
      await step(() => getCredits.run(engineFor(rig.cutEcho.url, SECRET_TOKEN).actionContext(getCredits.props, {})));
    });
    expect(error).toBeUndefined();

    const errors = outcomes.flatMap((o) => ('error' in o ? [o.error] : []));
    expect(errors.length).toBeGreaterThanOrEqual(5);
    expect(rig.echo.requests.length).toBeGreaterThan(0); // the echo really answered with the token inside
    for (const token of [SECRET_TOKEN, WRONG_TOKEN]) {
      expectNoSecret(JSON.stringify(outcomes.map((o) => o.result ?? null)), 'step results', token);
      for (const err of errors) expectNoSecret(everythingShownBy(err), `a ${(err as Error).name}`, token);
      expectNoSecret(JSON.stringify([...store.data.values()]), 'the trigger store', token);
      expectNoSecret(printed, 'what the steps printed', token);
    }
  });

  it('is sent to the API only: the CDN and a starting image’s host get no Authorization', async () => {
    const cdn = rig.emulator.control.requests({ origin: 'cdn' });
    expect(cdn.length).toBeGreaterThan(0); // the images written as files
    for (const request of cdn) expect(request.headers.authorization).toBeUndefined();
    for (const request of rig.fileHost.requests) {
      expect(request.headers.authorization).toBeUndefined();
      expectNoSecret(JSON.stringify(request.headers), 'a starting image download');
    }
    const api = rig.emulator.control.requests({ origin: 'api' }).filter((r) => r.headers.authorization);
    expect(api.length).toBeGreaterThan(5);
    // The pasted " Bearer <token> " was sent trimmed, with one Bearer.
    for (const request of api) expect([`Bearer ${SECRET_TOKEN}`, `Bearer ${WRONG_TOKEN}`]).toContain(request.headers.authorization);
  });
});
