/**
 * A server at the credential's Base URL that echoes the request (a misconfigured proxy's debug
 * page) must not put the token into the execution: the transport removes it, and any 16+ character
 * piece of it, from every response before an error quotes the body.
 */
// Tests are not published (package.json `files`: dist only); this one needs a local server.
/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
/* eslint-enable @n8n/community-nodes/no-restricted-imports */
import { runNode } from './harness';

// A 500 on a read is retried a few times, with pauses.
jest.setTimeout(60_000);

const TOKEN = `sc-${'0123456789abcdef'.repeat(4)}`;
let server: http.Server;
let baseUrl: string;
let seen: http.IncomingHttpHeaders[] = [];
/** What the echo puts before the header: the error message quotes about 120 characters of the body. */
let preamble = '';

beforeAll(async () => {
	server = http.createServer((req, res) => {
		seen.push(req.headers);
		req.resume();
		const echo = `${preamble}authorization: ${String(req.headers.authorization)}`;
		if (req.url?.startsWith('/v1/credits')) {
			res.writeHead(500, { 'Content-Type': 'text/plain' }).end(echo);
		} else {
			// A valid outputs page whose prompt holds the echo.
			res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ outputs: [output(echo)] }));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
	seen = [];
});

const ID = '8f0d2c4e-3a1b-4c5d-9e6f-7a8b9c0d1e2f';
const output = (prompt: string) => ({
	id: ID,
	image_url: 'https://example.com/a.jpeg',
	created_at: '2025-01-01T00:00:00Z',
	generation: { id: ID, prompt: { text: prompt } },
});

/** Every 16-character piece of the token found in `text`. */
const pieces = (text: string) =>
	Array.from({ length: TOKEN.length - 15 }, (_, i) => TOKEN.slice(i, i + 16)).filter((piece) => text.includes(piece));

// With a preamble, the shortened quote cuts the token: the piece it keeps is removed too.
test.each(['', 'debug '.repeat(10)])('an error body that echoes the Authorization header after %p: the token is in no error nor item', async (before) => {
	preamble = before;
	const credentials = { apiToken: TOKEN, baseUrl };
	for (const onError of [undefined, 'continueErrorOutput'] as const) {
		const result = await runNode({ credentials, parameters: { resource: 'account', operation: 'getCredits' }, ...(onError ? { onError } : {}) });
		expect(seen.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`); // n8n did send it, to this server only
		const shown = JSON.stringify({ error: result.error, outputs: result.outputs, run: result.run.data.resultData });
		expect(shown).toContain('[redacted]'); // the body was quoted, without the token
		expect(pieces(shown)).toEqual([]);
	}
});

test('a success body that holds the whole token: it is gone from the items', async () => {
	preamble = '';
	const result = await runNode({
		credentials: { apiToken: TOKEN, baseUrl },
		parameters: { resource: 'output', operation: 'getMany', returnAll: false, limit: 5, simplify: false, filters: {}, options: {} },
		onError: 'continueErrorOutput',
	});
	expect(result.status).toBe('success');
	expect(JSON.stringify(result.outputs)).toContain('[redacted]');
	expect(pieces(JSON.stringify(result.outputs))).toEqual([]);
});
