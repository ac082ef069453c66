import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';

/**
 * Tools the end-to-end suites need (Node 24, n8n, the Zapier CLI) are installed once per machine
 * from the npm registry into this cache, shared by every clone, so only the first run pays for them.
 */
export const toolsCacheDir = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'stablecog-integrations',
);

/**
 * Installs `packages` with npm into `<cache>/<name>` unless `ready(dir)` already holds, and returns
 * the folder. A lock keeps two parallel jest workers from installing the same tool twice.
 */
export function ensureInstalled(
  name: string,
  ready: (dir: string) => boolean,
  install: (dir: string) => void,
): string {
  const dir = path.join(toolsCacheDir, name);
  if (ready(dir)) return dir;
  fs.mkdirSync(toolsCacheDir, { recursive: true });
  return withInstallLock(path.join(toolsCacheDir, `${name}.installing`), name, () => {
    if (ready(dir)) return dir; // another process installed it while we waited
    // Leftovers of interrupted installs (n8n's is 3 GB): nobody else installs while we hold the lock.
    for (const entry of fs.readdirSync(toolsCacheDir)) {
      if (entry.startsWith(`${name}.partial-`)) fs.rmSync(path.join(toolsCacheDir, entry), { recursive: true, force: true });
    }
    const staging = `${dir}.partial-${process.pid}`;
    fs.mkdirSync(staging, { recursive: true });
    install(staging);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    if (!ready(dir)) throw new Error(`installing ${name} into ${dir} did not produce a usable tool`);
    return dir;
  });
}

/**
 * Runs `fn` holding a lock that other processes wait for, synchronously (installs are synchronous).
 * The lock is a directory (mkdir is atomic) holding its owner's pid; a dead owner's lock is taken over.
 */
function withInstallLock<T>(lockDir: string, name: string, fn: () => T): T {
  const pidFile = path.join(lockDir, 'pid');
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : 0);
    if (owner && !isAlive(owner)) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) process.stderr.write(`[tools] waiting for another process installing ${name}…\n`);
    announced = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000); // sleep 1 s without a timer
  }
  try {
    fs.writeFileSync(pidFile, String(process.pid));
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs npm in `dir` with output shown (installs take minutes; silence would look like a hang). */
export function npm(dir: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  execFileSync('npm', args, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], env });
}
