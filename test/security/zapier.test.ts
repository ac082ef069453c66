/**
 * The Zapier app shows and sends the token nowhere but the API: a distinctive token (and a wrong
 * one) is searched for in every step's output and error and in everything printed meanwhile; the
 * requests to other hosts (the image CDN, the hydrator's download, a mapped file's host) carry no
 * Authorization.
 */
import { capturePrinted, everythingShownBy, expectNoSecret, SECRET_TOKEN, useTokenRig, WRONG_TOKEN } from '@stablecog/testkit';
import { App, zapierRunner } from '@stablecog/testkit/zapier';

jest.setTimeout(120_000);


const rig = useTokenRig();

describe('the Zapier app and the token', () => {
  it('appears in no output, error or printed line, through successes and failures', async () => {
    const zap = zapierRunner(rig.emulator.url, SECRET_TOKEN);
    const outcomes: unknown[] = [];
    /** Runs a step, keeping its result or its error for the search. */
    const step = async (method: unknown, inputData: Record<string, unknown> = {}, runner = zap) => {
      const outcome = await runner.run(method, inputData).then(
        (result: unknown) => ({ result }),
        (error: unknown) => ({ error }),
      );
      outcomes.push(outcome);
      return outcome as { result?: any; error?: unknown };
    };

    const { printed, error } = await capturePrinted(async () => {
      const credits = await step(App.authentication.test);
      await step(App.authentication.connectionLabel, credits.result);
      const generated = await step(App.creates.generate_image.operation.perform, {
        prompt: 'a lighthouse',
        num_outputs: '2',
        show_advanced: 'true',
        init_image: `${rig.fileHost.url}/photo.png?signature=abc`,
      });
      expect(generated.result?.status).toBe('completed');
      await step(App.creates.upscale_image.operation.perform, { output_id: generated.result.id });
      await step(App.creates.upscale_image.operation.perform, { image: `${rig.fileHost.url}/other.png` });
      await step(App.triggers.new_image_output.operation.perform);
      await step(App.searches.find_image_outputs.operation.perform, { prompt: 'a lighthouse' });
      // The file hydrator downloads from the CDN, then needs Zapier's servers to stash (it stops there).
      await step(App.hydrators.stashImage, { url: generated.result.image_url });

      rig.emulator.control.injectFaults([{ route: 'generate', kind: 'drop', times: 1 }]);
      await step(App.creates.generate_image.operation.perform, { prompt: 'lost', if_slow: 'halt' });
      rig.emulator.control.injectFaults([{ route: 'generate', kind: '429', times: 1 }]);
      await step(App.creates.generate_image.operation.perform, { prompt: 'limited' }); // sent again, then completed
      rig.emulator.control.injectFaults([{ route: 'credits', kind: '429', times: 10 }]);
      await step(App.authentication.test); // reads retry briefly, then the step is throttled
      rig.emulator.control.clearFaults();
      rig.emulator.control.injectFaults([{ route: 'generate', kind: 'timeout', times: 1 }]);
      await step(App.creates.generate_image.operation.perform, { prompt: 'timed out' });
      rig.emulator.control.injectFaults([{ route: 'outputs', kind: '500' }]);
      await step(App.triggers.new_image_output.operation.perform);
      rig.emulator.control.clearFaults();
      await step(App.authentication.test, {}, zapierRunner(rig.emulator.url, WRONG_TOKEN));
      await step(App.creates.generate_image.operation.perform, { prompt: 'x' }, zapierRunner(rig.emulator.url, WRONG_TOKEN));
      // A server that echoes the request (the token in its Authorization header) back in its error page.
      await step(App.authentication.test, {}, zapierRunner(rig.echo.url, SECRET_TOKEN));
      await step(App.creates.generate_image.operation.perform, { prompt: 'echo' }, zapierRunner(rig.echo.url, SECRET_TOKEN));
    });
    expect(error).toBeUndefined();

    const errors = outcomes.flatMap((o) => ('error' in (o as object) ? [(o as { error: unknown }).error] : []));
    expect(errors.map((e) => (e as Error).name)).toEqual(
      expect.arrayContaining(['HaltedError', 'ThrottledError', 'AppError', 'ExpiredAuthError']),
    );
    expect(rig.echo.requests.length).toBeGreaterThan(0); // the echo really answered with the token inside
    for (const token of [SECRET_TOKEN, WRONG_TOKEN]) {
      expectNoSecret(JSON.stringify(outcomes.map((o) => (o as { result?: unknown }).result ?? null)), 'step results', token);
      for (const err of errors) expectNoSecret(everythingShownBy(err), `a ${(err as Error).name}`, token);
      expectNoSecret(printed, 'what the steps printed', token);
    }
  });

  // The client core quotes the first 120 characters of an error body; a token cut short there (24 of
  // its 64 hex digits) once slipped past a whole-token scrub. The transport now redacts bodies first.
  it('a server echoing the token where the message is shortened: no piece of it in the error', async () => {
    const err = await zapierRunner(rig.cutEcho.url, SECRET_TOKEN).run(App.authentication.test).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AppError');
    expectNoSecret(everythingShownBy(err), 'the error of an echoing server');
  });

  it('a key pasted with "Bearer " and spaces is cleaned before use, and no piece of it is shown', async () => {
    const pasted = `  Bearer ${SECRET_TOKEN}\n`;
    const err = await zapierRunner(rig.cutEcho.url, pasted).run(App.authentication.test).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AppError');
    expectNoSecret(everythingShownBy(err), 'the error of an echoing server, key pasted with Bearer');
    expect(rig.cutEcho.requests.at(-1)!.headers.authorization).toBe(`Bearer ${SECRET_TOKEN}`);
  });

  it('is sent to the API only: the CDN, the hydrator and a mapped file’s host get no Authorization', async () => {
    const cdn = rig.emulator.control.requests({ origin: 'cdn' });
    expect(cdn.length).toBeGreaterThan(0); // the hydrator's download
    for (const request of cdn) expect(request.headers.authorization).toBeUndefined();
    expect(rig.fileHost.requests.map((r) => r.path)).toEqual(['/photo.png?signature=abc', '/other.png']);
    for (const request of rig.fileHost.requests) {
      expect(request.headers.authorization).toBeUndefined();
      expectNoSecret(JSON.stringify(request.headers), 'a mapped file download');
    }
    const api = rig.emulator.control.requests({ origin: 'api' }).filter((r) => r.headers.authorization);
    expect(api.length).toBeGreaterThan(5);
  });
});
