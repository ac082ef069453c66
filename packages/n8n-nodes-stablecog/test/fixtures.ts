/** Shared test setup: an emulator per test file, accounts, and inspection helpers. */
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { sleep, type INodeExecutionData } from 'n8n-workflow';
import type { TestCredentials } from './harness';

/** Starts one emulator for the test file (fast creates, no rate limiter unless a test turns it on). */
export function useEmulator(): () => Emulator {
	let emulator: Emulator | undefined;
	beforeAll(async () => {
		emulator = await startEmulator({ latencyMs: 0, rateLimit: false });
	});
	afterAll(async () => await emulator?.close());
	beforeEach(() => {
		emulator?.control.clearFaults();
		emulator?.control.configure({ latencyMs: 0, rateLimit: false });
	});
	return () => {
		if (!emulator) throw new Error('the emulator is not running');
		return emulator;
	};
}

/** A fresh account and the credential that points at the emulator. */
export function account(
	emulator: Emulator,
	options: { credits?: number; plan?: 'free' | 'starter' | 'pro' | 'ultimate' } = {},
): TestCredentials {
	const { token } = emulator.control.createAccount({ credits: 100, ...options });
	return { apiToken: token, baseUrl: emulator.url };
}

/** The API requests made with this credential's token, oldest first. */
export function apiRequests(emulator: Emulator, credentials: TestCredentials) {
	return emulator.control
		.requests({ origin: 'api' })
		.filter((r) => r.headers.authorization === `Bearer ${credentials.apiToken}`);
}

/** The JSON of items. */
export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** A tiny valid PNG (1 × 1 pixel). */
export const PNG_1X1 = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64',
);

/** An input item carrying `bytes` in binary field `field`, inline as n8n's in-memory mode keeps it. */
export function binaryItem(bytes: Buffer, field = 'data', mimeType = 'image/png'): INodeExecutionData {
	return {
		json: {},
		binary: {
			[field]: { data: bytes.toString('base64'), mimeType, fileName: 'input.png', fileExtension: 'png' },
		},
	};
}

/** The first non-empty value `read` returns within a second (for state the emulator records late). */
export async function eventually<T extends unknown[]>(read: () => T): Promise<T> {
	for (let attempt = 0; attempt < 20; attempt++) {
		const value = read();
		if (value.length > 0) return value;
		await sleep(50);
	}
	return read();
}
