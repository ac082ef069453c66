import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RuntimeConfig } from './config';
import type { FaultRule, Faults } from './faults';
import type { RequestLog } from './http/request-log';
import type { ImageRegistry } from './images/registry';
import type { RateLimiter } from './limiter';
import type { Slots } from './slots';
import type { Account, Accounts } from './store/accounts';
import type { Gallery } from './store/gallery';
import type { Ledger } from './store/ledger';
import type { Uploads } from './store/uploads';
import type { Timers } from './timers';

/** The emulator's whole state and services, shared by its servers, routes and control surface. */
export interface App {
  config: RuntimeConfig;
  accounts: Accounts;
  ledger: Ledger;
  gallery: Gallery;
  uploads: Uploads;
  images: ImageRegistry;
  limiter: RateLimiter;
  slots: Slots;
  faults: Faults;
  timers: Timers;
  log: RequestLog;
  /** Origin of the CDN server, e.g. `http://127.0.0.1:41235`. */
  cdnUrl: string;
}

/** One request on its way through the API server. */
export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  ip: string;
  /** The fault this request was picked for, if any. */
  fault?: FaultRule;
  /** Set by the auth step. */
  account?: Account;
}

/** The CDN address of an image. */
export const imageUrl = (app: App, imageId: string): string => `${app.cdnUrl}/${imageId}.jpeg`;
