import type { App } from '../app';
import { applyConfig, type ConfigPatch, type Plan, type RuntimeConfig, PLANS } from '../config';
import type { FaultRule } from '../faults';
import type { Origin, RequestRecord } from '../http/request-log';
import { fixedToken } from '../ids';
import type { AccountOptions } from '../store/accounts';
import { GALLERY_STATUSES, type GalleryStatus } from '../store/gallery';
import type { LedgerEntry } from '../store/ledger';

/** A demo account: the same token on every run, so docs can show it. */
export interface DemoAccount {
  plan: Plan;
  credits: number;
  token: string;
  userId: string;
}

const DEMO_CREDITS: Record<Plan, number> = { free: 50, starter: 1000, pro: 3000, ultimate: 10000 };

/** The tokens of the demo accounts (`demoAccounts: true`, the CLI's default). */
export const DEMO_TOKENS: Record<Plan, string> = Object.fromEntries(PLANS.map((plan) => [plan, fixedToken(`demo-${plan}`)])) as Record<Plan, string>;

/**
 * The control surface: set up accounts, change latency and limits, inject faults, and inspect
 * what happened (credit ledger, request log). The same operations are served over HTTP on the
 * control port. Every method is synchronous.
 */
export class EmulatorControl {
  private demo: DemoAccount[] = [];

  constructor(
    private readonly app: App,
    private readonly initial: { config: RuntimeConfig; demoAccounts: boolean },
  ) {
    this.createDemoAccounts();
  }

  /** Creates a user with an API token (`credits` default 100, `plan` default free). */
  createAccount(options: AccountOptions = {}): { token: string; userId: string } {
    const account = this.app.accounts.create(options);
    return { token: account.token, userId: account.userId };
  }

  /** Sets a user's balance (one credit row of the plan's type holding `credits`). */
  setCredits(token: string, credits: number): void {
    const account = this.app.accounts.require(token);
    this.app.accounts.setCredits(account, credits);
  }

  /** Changes a user's plan (and so its parallel slots). */
  setPlan(token: string, plan: Plan): void {
    if (!PLANS.includes(plan)) throw new TypeError(`plan must be one of ${PLANS.join(', ')}`);
    this.app.accounts.require(token).plan = plan;
  }

  /** Bans or unbans a user (sc-go keeps `users.banned_at`; the key still authenticates). */
  setBanned(token: string, banned: boolean): void {
    this.app.accounts.require(token).banned = Boolean(banned);
  }

  /** A user's total remaining credits. */
  credits(token: string): number {
    return this.app.accounts.total(this.app.accounts.require(token));
  }

  /** Changes latency, the limiter (`rateLimit: false` turns it off), slots per plan, …; returns the new settings. */
  configure(patch: ConfigPatch): RuntimeConfig {
    applyConfig(this.app.config, patch);
    return this.config();
  }

  config(): RuntimeConfig {
    return structuredClone(this.app.config);
  }

  /** Adds fault rules (see `FaultRule`). */
  injectFaults(rules: FaultRule[] | FaultRule): void {
    this.app.faults.inject(Array.isArray(rules) ? rules : [rules]);
  }

  clearFaults(): void {
    this.app.faults.clear();
  }

  /** The fault rules still active. */
  faults(): Array<FaultRule & { remaining: number }> {
    return this.app.faults.list();
  }

  /** Every charge and refund, oldest first; `token` keeps one user's. */
  ledger(filter: { token?: string } = {}): LedgerEntry[] {
    const userId = filter.token === undefined ? undefined : this.app.accounts.require(filter.token).userId;
    return this.app.ledger.list().filter((e) => !userId || e.userId === userId);
  }

  /** Requests the API and the CDN received (with their headers), oldest first. */
  requests(filter: { origin?: Origin } = {}): RequestRecord[] {
    return this.app.log.list(filter.origin);
  }

  /** Changes what a user would change in the web UI: favourite, gallery status. */
  updateOutput(outputId: string, patch: { is_favorited?: boolean; gallery_status?: GalleryStatus }): void {
    const output = this.app.gallery.output(outputId);
    if (!output) throw new TypeError('no output has this id');
    if (patch.gallery_status !== undefined && !GALLERY_STATUSES.includes(patch.gallery_status)) {
      throw new TypeError(`gallery_status must be one of ${GALLERY_STATUSES.join(', ')}`);
    }
    if (patch.is_favorited !== undefined) output.isFavorited = Boolean(patch.is_favorited);
    if (patch.gallery_status !== undefined) output.galleryStatus = patch.gallery_status;
  }

  /** How many creates of a user run and wait right now. */
  usage(token: string): { generate: number; upscale: number; waiting: number } {
    return this.app.slots.usage(this.app.accounts.require(token).userId);
  }

  /** How many CDN images were drawn in line and on render threads. */
  renderStats(): { inline: number; threaded: number } {
    return this.app.images.renderer.stats();
  }

  /** The demo accounts (empty unless started with `demoAccounts: true`). */
  demoAccounts(): DemoAccount[] {
    return this.demo.map((d) => ({ ...d }));
  }

  /** Forgets everything (accounts, outputs, uploads, ledger, log, faults) and restores the start settings. */
  reset(): void {
    const app = this.app;
    app.slots.abortAll();
    for (const part of [app.accounts, app.gallery, app.uploads, app.images, app.ledger, app.log, app.faults, app.limiter]) part.clear();
    for (const key of Object.keys(app.config)) delete (app.config as unknown as Record<string, unknown>)[key];
    Object.assign(app.config, structuredClone(this.initial.config));
    this.createDemoAccounts();
  }

  private createDemoAccounts(): void {
    this.demo = !this.initial.demoAccounts
      ? []
      : PLANS.map((plan) => {
          const { userId } = this.createAccount({ token: DEMO_TOKENS[plan], plan, credits: DEMO_CREDITS[plan], username: `demo-${plan}` });
          return { plan, credits: DEMO_CREDITS[plan], token: DEMO_TOKENS[plan], userId };
        });
  }
}
