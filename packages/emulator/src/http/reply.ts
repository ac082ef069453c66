import type { OutgoingHttpHeaders } from 'node:http';

/** An answer not yet sent: status, headers and the whole body. */
export interface Reply {
  status: number;
  headers: OutgoingHttpHeaders;
  body: string | Buffer;
}

/** JSON as Go's encoder writes it: `<`, `>`, `&` escaped, and a trailing newline. */
export function goJson(value: unknown): string {
  return `${JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

export const json = (status: number, value: unknown): Reply => ({
  status,
  headers: { 'Content-Type': 'application/json' },
  body: goJson(value),
});

/** `{"error": …}` plus `settings` (errors after validation) or `description` (upload problems). */
export const apiError = (status: number, error: string, extra: { settings?: unknown; description?: string } = {}): Reply =>
  json(status, { error, ...extra });

/** Plain text as Go's `http.Error` writes it. */
export const goText = (status: number, message: string): Reply => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  body: `${message}\n`,
});

/** chi's answer to an unknown route. */
export const notFound = (): Reply => goText(404, '404 page not found');

/** chi's answer to a known route with another method: no body. */
export const methodNotAllowed = (allowed: string): Reply => ({ status: 405, headers: { Allow: allowed }, body: '' });

/** httprate's answer when the limit is reached: retry after the window (1 s on the real server). */
export const tooManyRequests = (windowMs = 1000): Reply => {
  const reply = goText(429, 'Too Many Requests');
  reply.headers['Retry-After'] = String(Math.ceil(windowMs / 1000));
  return reply;
};

export const unauthorized = (): Reply => apiError(401, 'Unauthorized');

/** The real server's catch-all text (its typo included): sc-go `server/scworker/errors.go`. */
export const UNKNOWN_ERROR = 'An unknown error has occured';

/** The real server's catch-all answer. */
export const unknownError = (): Reply => apiError(500, UNKNOWN_ERROR);

const nginxPage = (status: number, title: string): Reply => ({
  status,
  headers: { 'Content-Type': 'text/html', Connection: 'close' },
  body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
});

/** The ingress proxy's page for bodies over 10 MiB (HTML, not JSON). */
export const entityTooLarge = (): Reply => nginxPage(413, '413 Request Entity Too Large');

/** The ingress proxy's page when the backend is gone. */
export const badGateway = (): Reply => nginxPage(502, '502 Bad Gateway');
