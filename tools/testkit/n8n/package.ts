/** The n8n-nodes-stablecog tarball, and installing it the way n8n installs a community package. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The workspace's n8n-nodes-stablecog, found as the package it is (a dependency of this kit). */
export const stablecogPackageDir = path.dirname(require.resolve('n8n-nodes-stablecog/package.json'));

let packed: Promise<string> | undefined;

/**
 * `pnpm pack` of packages/n8n-nodes-stablecog (what `pnpm publish` would upload: `workspace:`
 * ranges resolved, only `files` included). The package must be built. Packing takes seconds, so
 * tarballs are kept in the temp folder by a hash of what goes into them, shared by jest workers.
 */
export function packStablecogNodes(): Promise<string> {
  packed ??= (async () => {
    assertBuilt();
    const cacheDir = path.join(os.tmpdir(), 'stablecog-n8n-packs', contentHash());
    const cached = () => fs.readdirSync(cacheDir).find((f) => f.endsWith('.tgz'));
    if (fs.existsSync(cacheDir) && cached()) return path.join(cacheDir, cached()!);
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'stablecog-pack-'));
    await exec('npx', ['-y', 'pnpm@10.34.9', 'pack', '--pack-destination', staging], { cwd: stablecogPackageDir });
    if (!fs.readdirSync(staging).some((f) => f.endsWith('.tgz'))) {
      throw new Error(`pnpm pack wrote no tarball into ${staging}`);
    }
    fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
    try {
      fs.renameSync(staging, cacheDir);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another worker was faster
    }
    return path.join(cacheDir, cached()!);
  })();
  return packed;
}

function assertBuilt(): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(stablecogPackageDir, 'package.json'), 'utf8')) as {
    n8n?: { nodes?: string[]; credentials?: string[] };
  };
  const entries = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
  const missing = entries.filter((entry) => !fs.existsSync(path.join(stablecogPackageDir, entry)));
  if (entries.length === 0 || missing.length > 0) {
    throw new Error(
      `n8n-nodes-stablecog is not built (missing: ${missing.join(', ') || 'its n8n entries'}); ` +
        'build it first: cd packages/n8n-nodes-stablecog && npm run build',
    );
  }
}

/** A hash of package.json and every file under dist/ (names and bytes). */
function contentHash(): string {
  const hash = createHash('sha256');
  const dist = fs.readdirSync(path.join(stablecogPackageDir, 'dist'), { recursive: true, encoding: 'utf8' });
  const files = ['package.json', ...dist.map((f) => path.join('dist', f))];
  for (const file of files.sort()) {
    const full = path.join(stablecogPackageDir, file);
    if (!fs.statSync(full).isFile()) continue;
    hash.update(file).update('\0').update(fs.readFileSync(full));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Installs a packed community package into an n8n `nodes` folder exactly as n8n 2.41 does
 * (CommunityPackagesService.downloadPackage): unpack into node_modules/<name>, drop dev, peer and
 * optional dependencies from its package.json, `npm install --ignore-scripts` inside it, and record
 * it in nodes/package.json. A runtime dependency the bundle forgot to include is missing here too.
 */
export async function installCommunityPackage(
  nodesDir: string,
  tarball: string,
  env: NodeJS.ProcessEnv,
): Promise<{ name: string; version: string; dependencies: Record<string, string> }> {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'stablecog-unpack-'));
  try {
    await exec('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
    const { name, version } = JSON.parse(fs.readFileSync(path.join(staging, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    const packageDir = path.join(nodesDir, 'node_modules', name);
    fs.mkdirSync(path.dirname(packageDir), { recursive: true });
    fs.rmSync(packageDir, { recursive: true, force: true });
    fs.cpSync(staging, packageDir, { recursive: true });

    const manifestPath = path.join(packageDir, 'package.json');
    const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
      fs.readFileSync(manifestPath, 'utf8'),
    ) as Record<string, unknown>;
    fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    await exec(
      'npm',
      [
        'install',
        '--audit=false',
        '--fund=false',
        '--bin-links=false',
        '--install-strategy=shallow',
        '--ignore-scripts=true',
        '--package-lock=false',
      ],
      { cwd: packageDir, env },
    );

    const nodesManifest = path.join(nodesDir, 'package.json');
    const installed = fs.existsSync(nodesManifest)
      ? (JSON.parse(fs.readFileSync(nodesManifest, 'utf8')) as { dependencies?: Record<string, string> })
      : {};
    fs.writeFileSync(
      nodesManifest,
      JSON.stringify(
        { name: 'installed-nodes', private: true, dependencies: { ...installed.dependencies, [name]: version } },
        null,
        2,
      ),
    );
    return { name, version, dependencies: (manifest.dependencies as Record<string, string> | undefined) ?? {} };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
