/**
 * `@stablecog/emulator`: a local server that behaves like the real Stablecog token API
 * (blocking creates, parallel slots, the per-IP limiter, credits and refunds, the real error
 * bodies, V3 outputs with cursor paging, uploads, upscales, a CDN of real JPEGs) with a control
 * surface for accounts, latency, limits, faults and inspection.
 */
export { startEmulator, type Emulator, type EmulatorOptions } from './emulator';
export { EmulatorControl, DEMO_TOKENS, type DemoAccount } from './control/control';
export type { ConfigPatch, Plan, RateLimitSettings, RuntimeConfig } from './config';
export type { FaultKind, FaultRoute, FaultRule } from './faults';
export type { LedgerEntry } from './store/ledger';
export type { RequestRecord, Origin } from './http/request-log';
export type { AccountOptions } from './store/accounts';
export { CONTENT_MARKERS } from './moderation';
export { GENERATION_MODELS, UPSCALE_MODELS, SCHEDULERS, FLUX_MODEL_ID } from './catalog';
