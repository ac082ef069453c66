import type { App } from './app';
import { applyConfig, defaultConfig, type ConfigPatch } from './config';
import { controlHandler } from './control/control-server';
import { EmulatorControl } from './control/control';
import { Faults } from './faults';
import { listen, type Listening } from './http/listen';
import { RequestLog } from './http/request-log';
import { ImageRegistry } from './images/registry';
import { RenderPool } from './images/render-pool';
import { RateLimiter } from './limiter';
import { apiHandler } from './servers/api-server';
import { cdnHandler } from './servers/cdn-server';
import { Slots } from './slots';
import { Accounts } from './store/accounts';
import { Gallery } from './store/gallery';
import { Ledger } from './store/ledger';
import { Uploads } from './store/uploads';
import { Timers } from './timers';

/** How to start the emulator. Every setting but the ports can be changed later with `control.configure`. */
export interface EmulatorOptions extends ConfigPatch {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** API port (default 0: any free port). */
  port?: number;
  /** CDN port (default 0). */
  cdnPort?: number;
  /** Control port (default 0). */
  controlPort?: number;
  /** Create the four demo accounts with fixed tokens (see `DEMO_TOKENS`). Default false. */
  demoAccounts?: boolean;
  /**
   * Threads that draw the CDN's JPEGs off the API's event loop (0 = draw in line). Default: 1–2
   * from the compiled package, started by the first download; 0 from the TypeScript sources.
   * Given explicitly, they start with the emulator, which resolves once they listen.
   */
  renderThreads?: number;
}

/** A running emulator. */
export interface Emulator {
  /** The API origin (public token routes only), e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The image CDN origin: `GET /<uuid>.jpeg`. */
  cdnUrl: string;
  /** The control surface over HTTP. */
  controlUrl: string;
  /** The control surface in process. */
  control: EmulatorControl;
  /** Stops the three servers; blocked creates end without an answer. */
  close(): Promise<void>;
}

const origin = (host: string, port: number): string => {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
};

/** Starts the API, CDN and control servers, each on its own port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const { host = '127.0.0.1', port = 0, cdnPort = 0, controlPort = 0, demoAccounts = false, renderThreads, ...patch } = options;
  const config = defaultConfig();
  applyConfig(config, patch);
  const app: App = {
    config,
    accounts: new Accounts(),
    ledger: new Ledger(),
    gallery: new Gallery(),
    uploads: new Uploads(),
    images: new ImageRegistry(new RenderPool(renderThreads)),
    limiter: new RateLimiter(),
    slots: new Slots(),
    faults: new Faults(),
    timers: new Timers(),
    log: new RequestLog(() => config.requestLogLimit),
    cdnUrl: '',
  };
  const control = new EmulatorControl(app, { config: structuredClone(config), demoAccounts });
  const servers: Listening[] = [];
  try {
    const cdn = await listen(cdnHandler(app), host, cdnPort);
    servers.push(cdn);
    app.cdnUrl = origin(host, cdn.port);
    const api = await listen(apiHandler(app), host, port);
    servers.push(api);
    const controlServer = await listen(controlHandler(control), host, controlPort);
    servers.push(controlServer);
    if (renderThreads !== undefined) await app.images.renderer.ready();
    return {
      url: origin(host, api.port),
      cdnUrl: app.cdnUrl,
      controlUrl: origin(host, controlServer.port),
      control,
      close: async () => {
        app.timers.close();
        app.slots.abortAll();
        await Promise.all([...servers.map((s) => s.close()), app.images.close()]);
      },
    };
  } catch (err) {
    await Promise.all([...servers.map((s) => s.close()), app.images.close()]);
    throw err;
  }
}
