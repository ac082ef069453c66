/**
 * n8n's REST API as the editor uses it: cookie sign-in (`n8n-auth`), JSON in and out, `{ data }`
 * unwrapped. Only what the queue-mode and browser kits need.
 */
import * as path from 'node:path';

/** n8n keeps an execution's data as a `flatted` string; its own copy of flatted parses it. */
export function flattedParse(n8nBin: string, text: string): unknown {
  const flatted = require(path.join(path.dirname(n8nBin), '..', '..', 'flatted')) as { parse(text: string): unknown };
  return flatted.parse(text);
}

export class N8nRest {
  private cookie = '';
  /** n8n ties its auth cookie to this header. */
  private readonly browserId = 'stablecog-tests';

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await this.raw(method, route, body);
    const text = await response.text();
    if (!response.ok) throw new Error(`n8n ${method} ${route} → ${response.status}: ${text.slice(0, 500)}`);
    return (text ? (JSON.parse(text) as { data: T }).data : undefined) as T;
  }

  /** The response as it came (for binary downloads and expected failures). */
  async raw(method: string, route: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${route}`, {
      method,
      headers: {
        'browser-id': this.browserId,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const auth = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
    if (auth) this.cookie = auth.split(';')[0]!;
    return response;
  }

  async setUpOwner(owner: Owner): Promise<void> {
    await this.request('POST', '/rest/owner/setup', owner);
    await this.signIn(owner);
  }

  async signIn(owner: Owner): Promise<void> {
    await this.request('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
  }
}

export interface Owner {
  email: string;
  firstName: string;
  lastName: string;
  password: string;
}

export const OWNER: Owner = { email: 'owner@example.com', firstName: 'Queue', lastName: 'Tests', password: 'Stablecog-Tests-1' };
