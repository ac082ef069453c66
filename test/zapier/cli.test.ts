/**
 * The Zapier app through Zapier's own CLI (19.1.0 on Node 24): it validates, it builds into
 * build.zip from a deployed copy, and the app loaded from that zip works against the emulator.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { deployZapierApp, ensureZapierCli, repoRoot, scratchDir, type CliRun } from '@stablecog/testkit';

const appDir = path.dirname(require.resolve('zapier-stablecog/package.json'));
// Inside the checkout's ignored .cache/ (not the system temp folder): where `pnpm deploy` puts
// things then never depends on where the checkout sits, and nothing lands next to a package.
const work = scratchDir('zapier-cli');
const deployed = path.join(work, 'app');
const unzipped = path.join(work, 'unzipped');

let cli: ReturnType<typeof ensureZapierCli>;
const figures: string[] = [];
const show = (what: string, run: CliRun) => {
  figures.push(`${what}: exit ${run.code} in ${(run.ms / 1000).toFixed(1)} s`);
  if (run.code !== 0) console.error(`${what} failed:\n${run.stdout}\n${run.stderr}`);
};

beforeAll(() => {
  process.env.DISABLE_ZAPIER_ANALYTICS = '1';
  execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-b', appDir], { cwd: repoRoot, stdio: 'inherit' });
  cli = ensureZapierCli();
}, 600_000);

afterAll(() => {
  console.log(`Zapier CLI 19.1.0 on Node 24:\n  ${figures.join('\n  ')}`);
  fs.rmSync(work, { recursive: true, force: true });
});

describe('zapier-platform CLI', () => {
  it('validate --without-style passes', async () => {
    const run = await cli.run(['validate', '--without-style'], appDir);
    show('validate --without-style', run);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/This project is structurally sound!/);
    expect(fs.existsSync(path.join(appDir, 'zapierwrapper.js'))).toBe(false); // the CLI cleaned up after itself
  }, 120_000);

  it('build --skip-validation makes build.zip from a pnpm-deployed copy', async () => {
    const started = Date.now();
    deployZapierApp(deployed);
    figures.push(`pnpm deploy: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(fs.readFileSync(path.join(deployed, '.zapierapprc'), 'utf8')).toMatch(/require\\\\\.mjs/);
    // Nothing left beside the package (pnpm links the bins there too; the kit removes them).
    expect(fs.existsSync(path.join(appDir, path.relative(repoRoot, deployed)))).toBe(false);

    const run = await cli.run(['build', '--skip-validation', '--skip-npm-install'], deployed);
    show('build --skip-validation --skip-npm-install', run);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Build complete!/);
    const zip = path.join(deployed, 'build', 'build.zip');
    figures.push(`build.zip: ${(fs.statSync(zip).size / 1024).toFixed(0)} KiB`);

    const listing = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n');
    expect(listing).toEqual(expect.arrayContaining(['index.js', 'zapierwrapper.js', 'definition.json', 'dist/index.js']));
    expect(listing).toContain('node_modules/@stablecog/client/dist/core/index.js');
    // The files esbuild's dependency scan misses on Node >= 22.12, added by .zapierapprc.
    expect(listing).toContain('node_modules/async-function/require.mjs');
    // The pure core needs no axios: none of its code is in the zip (every package.json is).
    expect(listing.filter((name) => name.startsWith('node_modules/axios/') && name.endsWith('.js'))).toEqual([]);
    // The MCP SDK is the CLI's optional peer: neither it nor its HTTP servers are installed with the app.
    expect(fs.existsSync(path.join(deployed, 'node_modules', '@modelcontextprotocol'))).toBe(false);
    expect(listing.filter((name) => /^node_modules\/(@modelcontextprotocol|express|hono|@hono)\//.test(name))).toEqual([]);
  }, 300_000);

  describe('the app loaded from build.zip', () => {
    let emulator: Emulator;
    let token: string;
    let zapier: typeof import('zapier-platform-core');
    let App: Record<string, any>;

    beforeAll(async () => {
      execFileSync('unzip', ['-q', '-o', path.join(deployed, 'build', 'build.zip'), '-d', unzipped]);
      // Its own zapier-platform-core and its own app: nothing from the workspace.
      zapier = require(path.join(unzipped, 'node_modules', 'zapier-platform-core'));
      App = require(path.join(unzipped, 'index.js'));
      emulator = await startEmulator({ latencyMs: 50, rateLimit: false });
      ({ token } = emulator.control.createAccount({ credits: 42 }));
    });
    afterAll(() => emulator?.close());

    it('is the app the CLI described', () => {
      const definition = JSON.parse(fs.readFileSync(path.join(unzipped, 'definition.json'), 'utf8'));
      expect(Object.keys(definition.creates)).toEqual(['generate_image', 'upscale_image']);
      expect(App.version).toBe(definition.version);
    });

    it('runs the authentication test through createAppTester: a good key, then a bad one', async () => {
      const appTester = zapier.createAppTester(App);
      const result = await appTester(App.authentication.test, { authData: { api_token: token, base_url: emulator.url } });
      expect(result).toEqual({ total_remaining_credits: 42 });
      const bad = await appTester(App.authentication.test, {
        authData: { api_token: `sc-${'0'.repeat(64)}`, base_url: emulator.url },
      }).catch((err: Error) => err);
      expect((bad as Error).name).toBe('ExpiredAuthError');
    });

    it('generates an image', async () => {
      const appTester = zapier.createAppTester(App);
      const result = await appTester(App.creates.generate_image.operation.perform, {
        authData: { api_token: token, base_url: emulator.url },
        inputData: { prompt: 'a zip file', seed: '7' },
      });
      expect(result).toMatchObject({ status: 'completed', seed: 7, image_count: 1, remaining_credits: 41 });
    });
  });
});
