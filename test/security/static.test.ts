/**
 * Credentials are read only through the platforms' own mechanisms, checked on the code itself:
 * - n8n: the token is a credential field that n8n injects with the credential's `authenticate`
 *   (httpRequestWithAuthentication); node code reads it only in the transport, through
 *   getCredentials, to redact responses (and hands the decrypted credential back to n8n's
 *   httpRequestWithAuthentication, which would otherwise read it again per request), and reads
 *   neither the environment nor the file system,
 *   in the sources or in the built files n8n loads;
 * - Zapier: the token is read from `bundle.authData` only, and only to add the header (and to
 *   scrub it from messages); the environment is read only for the time budget.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const n8nDir = path.join(root, 'packages', 'n8n-nodes-stablecog');
const zapierDir = path.join(root, 'packages', 'zapier-stablecog');

/** Files under `dir` (relative to `base`) whose names end with one of `extensions`. */
function files(base: string, dir: string, extensions: string[]): string[] {
  const full = path.join(base, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true, encoding: 'utf8' })
    .map((file) => path.join(dir, file))
    .filter((file) => extensions.some((ext) => file.endsWith(ext)) && fs.statSync(path.join(base, file)).isFile());
}

/** Where `pattern` matches in `files`: `file:line: text`. */
function occurrences(base: string, list: string[], pattern: RegExp): string[] {
  return list.flatMap((file) =>
    fs
      .readFileSync(path.join(base, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim().slice(0, 160)}`] : [])),
  );
}

const FS_IMPORT = /(from\s+['"](node:)?fs(\/promises)?['"]|require\(\s*['"](node:)?fs(\/promises)?['"]\s*\))/;

describe('n8n package: the token only through n8n’s credential mechanism', () => {
  const sources = ['nodes', 'helpers', 'credentials'].flatMap((dir) => files(n8nDir, dir, ['.ts']));
  const built = files(n8nDir, 'dist', ['.js']);
  // The one file that calls getCredentials and the API (n8n's authenticated helper).
  const transportFile = path.join('helpers', 'transport.ts');

  it('has sources and a build to check', () => {
    expect(sources.length).toBeGreaterThan(10);
    expect(built.some((f) => f.endsWith('Stablecog.node.js'))).toBe(true);
  });

  it('reads no environment variable and no file, in the sources and in the built files', () => {
    expect(occurrences(n8nDir, sources, /\bprocess\s*\.\s*env\b|\bprocess\s*\[/)).toEqual([]);
    expect(occurrences(n8nDir, sources, FS_IMPORT)).toEqual([]);
    expect(occurrences(n8nDir, built, /\bprocess\s*\.\s*env\b/)).toEqual([]);
    expect(occurrences(n8nDir, built, FS_IMPORT)).toEqual([]);
  });

  it('names the token field in the credential type; nodes read it only in the transport, to redact responses', () => {
    expect(occurrences(n8nDir, sources, /apiToken/).map((hit) => hit.split(':')[0])).toEqual(
      expect.arrayContaining(['credentials/StablecogApi.credentials.ts']),
    );
    const nodeReads = occurrences(n8nDir, sources, /apiToken/).filter((hit) => !hit.startsWith('credentials/'));
    expect(nodeReads.map((hit) => hit.split(':')[0])).toEqual(nodeReads.map(() => transportFile));
    expect(nodeReads.length).toBeGreaterThan(0);
    const transport = fs.readFileSync(path.join(n8nDir, transportFile), 'utf8');
    // Read once, to become the `secret` every response is redacted with, and used for nothing else.
    expect(transport.match(/credentials\.apiToken\b/g)).toHaveLength(1);
    expect(transport).toMatch(/const secret = cleanApiToken\(credentials\.apiToken\b/);
    const code = transport.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).toMatch(/createTransport\(context, baseUrl, secret, credential\)/);
    // The secret goes to the core's platform transport and nowhere else; that one redacts every response with it.
    expect(code).toMatch(/return platformTransport\(send, \{[^}]*\.\.\.\(secret \? \{ secret \} : \{\}\)/);
    // Declared, handed to createTransport, its parameter there, then only the option handed to platformTransport.
    expect(code.match(/\bsecret\b/g)).toHaveLength(5);
    // The decrypted credential goes back to n8n only, as the credential n8n authenticates each request with.
    // Built from the credential n8n decrypted, handed to createTransport, its parameter there, then n8n's option.
    expect(code.match(/\bcredential\b/g)).toHaveLength(4);
    expect(code).toMatch(/httpRequestWithAuthentication\.call\(\s*context,\s*CREDENTIAL_TYPE,\s*options,\s*\{ credentialsDecrypted: credential \},?\s*\)/);
    const kit = fs.readFileSync(path.join(root, 'packages', 'client', 'src', 'core', 'kit', 'transport.ts'), 'utf8');
    expect(kit).toMatch(/return redactResponse\(raw, options\.secret\)/);
    expect(kit.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').match(/options\.secret/g)).toHaveLength(1);
    // Built: the node bundles (which include the transport) read it once each; the credential names it.
    for (const hit of occurrences(n8nDir, built, /apiToken/).filter((h) => !h.startsWith(path.join('dist', 'credentials')))) {
      const file = hit.split(':')[0];
      expect(file.startsWith(path.join('dist', 'nodes'))).toBe(true);
      expect(fs.readFileSync(path.join(n8nDir, file), 'utf8').match(/\bapiToken\b/g)).toHaveLength(1);
    }
  });

  it('the credential injects the token itself, as a Bearer header (n8n resolves it per request)', () => {
    const credential = fs.readFileSync(path.join(n8nDir, 'dist', 'credentials', 'StablecogApi.credentials.js'), 'utf8');
    // The token as typed, trimmed and without a pasted "Bearer " (issue 11): still only the credential's own field.
    expect(credential).toMatch(/Authorization:\s*['"]=Bearer \{\{\s*\$credentials\.apiToken\.trim\(\)\.replace\(\/\^bearer\\+s\+\/i, \\?"\\?"\)\.trim\(\)\s*\}\}['"]/);
    expect(credential).toMatch(/password:\s*(true|!0)/); // n8n masks it in the editor (the build is minified)
  });

  it('getCredentials is called in the transport only, for the base URL and the token to redact; API calls are authenticated by n8n', () => {
    const calls = occurrences(n8nDir, sources, /getCredentials/);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.map((hit) => hit.split(':')[0])).toEqual(calls.map(() => transportFile));
    const transport = fs.readFileSync(path.join(n8nDir, transportFile), 'utf8');
    expect(transport).toMatch(/getCredentials<StablecogCredentials>/);
    expect(transport).toMatch(/type StablecogCredentials = ICredentialDataDecryptedObject & \{ baseUrl\?: string; apiToken\?: string \}/);
    expect(transport).toMatch(/httpRequestWithAuthentication/);
    // The one unauthenticated request helper is the image download (another origin: no token).
    const plain = occurrences(n8nDir, sources, /helpers\.httpRequest\(/);
    expect(plain.map((hit) => hit.split(':')[0])).toEqual(plain.map(() => path.join('helpers', 'download.ts')));
  });
});

describe('Zapier app: the token only from bundle.authData', () => {
  const sources = files(zapierDir, 'src', ['.ts']);
  const built = files(zapierDir, 'dist', ['.js']);

  it('has sources and a build to check', () => {
    expect(sources.length).toBeGreaterThan(10);
    expect(built.length).toBeGreaterThan(10);
  });

  it('reads authData from the bundle only', () => {
    const reads = occurrences(zapierDir, sources, /authData/).filter((hit) => !/^\S+:\d+:\s*(\*|\/\/)/.test(hit));
    // `bundle.authData` / `bundle?.authData`, or the type `Pick<Bundle, 'authData'>`.
    for (const hit of reads) expect(hit).toMatch(/bundle\??\.authData|<Bundle, 'authData'>/);
  });

  it('uses the token only to add the header (to the API origin) and to scrub it from bodies and messages', () => {
    // The field is declared in authentication.ts and read in one function, config.ts's apiToken().
    const uses = occurrences(zapierDir, sources, /api_token/).map((hit) => hit.split(':')[0]);
    expect([...new Set(uses)].sort()).toEqual(['src/authentication.ts', 'src/config.ts']);
    const config = fs.readFileSync(path.join(zapierDir, 'src', 'config.ts'), 'utf8');
    expect(config.match(/api_token/g)).toHaveLength(1);
    expect(config).toMatch(/export function apiToken\(bundle[^)]*\): string \| undefined \{\s*return cleanApiToken\(String\(bundle\?\.authData\?\.api_token/);
    // Its callers: the header middleware, the transport (to redact bodies) and the error mapper (to scrub messages).
    const callers = occurrences(zapierDir, sources, /\bapiToken\(/).filter((hit) => !hit.startsWith('src/config.ts:'));
    expect([...new Set(callers.map((hit) => hit.split(':')[0]))].sort()).toEqual(['src/errors.ts', 'src/middleware.ts', 'src/transport.ts']);
    const code = (file: string) => fs.readFileSync(path.join(zapierDir, 'src', file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const transport = code('transport.ts');
    expect(transport.match(/\btoken\b/g)).toHaveLength(2); // read, then only passed to redactResponse
    expect(transport).toMatch(/redactResponse\([^;]*, token\)/);
    expect(code('errors.ts')).toMatch(/redactSecret\(text, apiToken\(bundle\)\)/);
    expect(code('errors.ts').match(/\bapiToken\(/g)).toHaveLength(1);
    const middleware = code('middleware.ts');
    expect(middleware.match(/\btoken\b/g)).toHaveLength(3); // read, checked, put in the header
    expect(middleware).toMatch(/if \(token && isApiRequest\(request\.url, bundle\)\)/);
  });

  it('reads the environment only for the time budget, and no file', () => {
    const env = occurrences(zapierDir, sources, /process\s*\.\s*env/).filter((hit) => !/^\S+:\d+:\s*(\*|\/\/)/.test(hit));
    expect(env).toHaveLength(1);
    expect(env[0]).toMatch(/^src\/config\.ts:\d+: .*process\.env\.STABLECOG_TIME_BUDGET_MS/);
    expect(occurrences(zapierDir, sources, FS_IMPORT)).toEqual([]);
    expect(occurrences(zapierDir, built, /process\.env\.(?!STABLECOG_TIME_BUDGET_MS)/)).toEqual([]);
  });
});
