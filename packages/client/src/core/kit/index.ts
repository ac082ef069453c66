/**
 * The adapter kit: what every front end (n8n, Zapier, Activepieces, the CLI, agents) needs besides
 * the operations, so that each Stablecog rule is written once here and the front ends only word
 * and wire it. Exported from `@stablecog/client/core`.
 */
export { failureKind, transportFailure, systemErrorCode, NOT_CONNECTED_CODES, type FailureContext } from '../http/failure';
export { encodeRequest, apiBaseUrl, originOf, DEFAULT_BASE_URL, type EncodedRequest } from '../http/encode';
export { recoveryAdvice, fillIn, recoveryText, lostCreateMessage, type RecoveryAdvice, type LostCreate, type RecoveryPhrases } from './advice';
export { flattenOutput, outputImageUrl, type FlatOutput, type ImageSettings } from '../outputs/flatten';
export {
  outputMatches,
  outputTime,
  outputTimeMs,
  promptMatches,
  normalizePrompt,
  storedPrompt,
  type OutputCriteria,
} from '../outputs/match';
export { findNewOutputs, LOOKBACK_MS, POLL_PAGE_SIZE, type PollState, type PollOptions } from '../outputs/cursor';
export { UUID_PATTERN } from '../fields';
export { prepareRequest, sendPrepared, type PreparedRequest } from '../http/execute';
export { withInitImage } from '../generate/init-image';
export {
  ASPECT_RATIO_SIZES,
  ASPECT_RATIO_NAMES,
  sizeFor,
  aspectRatioOf,
  isAspectRatio,
  type AspectRatio,
  type AspectRatioSizes,
  type Size,
} from '../generate/sizes';
export { chosenModel, checkScheduler, preflightGenerate, type ServerLists } from '../generate/preflight';
export { cachedGenerationModels, MODEL_LIST_TTL_MS } from '../models/cache';
export { runBatch, runBatchSettled, BatchItemFailure, type BatchOperation } from './batch';
export { generatedImages, upscaledImages, type GeneratedImageRecord, type UpscaledImageRecord } from './images';
export { filteredImages, filteredNotice, noImagesLeft, type FilteredImages, type FilteredNotice } from '../generate/filtered';
export { cleanApiToken } from '../http/token';
export { describeIssues, errorFacts, rejectedField, type ErrorFacts } from './error-facts';
export { readFormValue, expectedValue, describeValue, type FormRule, type FormReading } from './form-values';
export { downloadWithRetry, imageMimeType, DOWNLOAD_TIMEOUT_MS, DOWNLOAD_RETRY_POLICY, type DownloadResponse, type DownloadOptions } from './download';
export { modelChoices, schedulerChoices, allSchedulerChoices, outputChoice, ASPECT_RATIO_CHOICES, ASPECT_RATIO_FILTER_CHOICES, GALLERY_STATUS_CHOICES, sortedChoices, type Choice } from './choices';
export { platformTransport, type PlatformSend, type PlatformTransportOptions } from './transport';
