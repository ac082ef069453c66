/**
 * `@stablecog/client`: a typed client for the Stablecog API (generate, upscale, browse outputs),
 * with safe retries and recovery of creates lost in transit. The pure core is also available alone
 * as `@stablecog/client/core` (no axios, no timers, no `process`).
 */
export * from './core';
export { Stablecog, type StablecogOptions } from './client';
export { ImagesResource } from './resources/images';
export { OutputsResource } from './resources/outputs';
export { ModelsResource } from './resources/models';
export { DefaultsResource } from './resources/defaults';
export { CreditsResource } from './resources/credits';
export { createAxiosTransport, DEFAULT_BASE_URL, type AxiosTransportOptions } from './transport/axios';
export { downloadImage, type DownloadedImage, type DownloadOptions } from './download';
export { sleep } from './sleep';
