/**
 * The services queue mode needs, thrown away after each run: Debian's redis-server and a fresh
 * Postgres cluster, on loopback and free ports, with nothing written that outlives them. Missing
 * Debian packages are installed with apt when running as root (a fresh CI machine).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../n8n/process';
import { startDaemon, type Daemon } from './daemon';

/** A running service and how to stop it. */
export interface Service {
  host: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Installs Debian packages whose programs are missing. `apt-get update` runs once per process,
 * and only when something is missing. Not root: the error says what to install.
 */
export function ensureDebianPackages(needed: Array<{ pkg: string; present: () => boolean }>): void {
  const missing = needed.filter((n) => !n.present()).map((n) => n.pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(', ')}; install them: sudo apt-get install -y ${missing.join(' ')}`);
  }
  process.stderr.write(`[n8n queue] installing ${missing.join(', ')} with apt-get…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'ignore', env, timeout: 300_000 });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'ignore', env, timeout: 600_000 });
}

/** The newest Postgres server binaries Debian installed (/usr/lib/postgresql/<major>/bin). */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const majors = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')));
  majors.sort((a, b) => Number(b) - Number(a));
  return majors[0] && path.join(root, majors[0], 'bin');
}

export const SERVICE_PACKAGES = [
  { pkg: 'redis-server', present: () => fs.existsSync('/usr/bin/redis-server') },
  { pkg: 'postgresql', present: () => postgresBin() !== undefined },
];

/** redis-server on a free loopback port, no persistence; stopped by its process id. */
export async function startRedis(): Promise<Service> {
  const port = await freePort();
  const daemon = await startDaemon({
    name: 'redis',
    command: '/usr/bin/redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    env: process.env,
    ready: /Ready to accept connections/,
    timeoutMs: 20_000,
  });
  return { host: '127.0.0.1', port, stop: () => daemon.stop() };
}

/** A Postgres service with one database `n8n` owned by user `n8n` (password `n8n`). */
export interface Postgres extends Service {
  database: string;
  user: string;
  password: string;
  /** Runs SQL as the superuser and returns psql's unaligned rows (`|`-separated). */
  query(sql: string): string[];
}

/**
 * A throwaway cluster: initdb in a temp folder (as the `postgres` user when we are root, since
 * initdb refuses root), the postmaster on a free loopback port with durability off, then the n8n
 * role and database. Stopped by the postmaster's process id (SIGINT: Postgres's fast shutdown).
 */
export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('no Postgres server binaries under /usr/lib/postgresql (apt-get install -y postgresql)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stablecog-pg-'));
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'sock');
  fs.mkdirSync(data);
  fs.mkdirSync(socket);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const as = (command: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];

  execFileSync(...as(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']), {
    stdio: 'ignore',
    cwd: dir,
  });
  const port = await freePort();
  const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${socket}`, 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=300'];
  let daemon: Daemon | undefined;
  try {
    daemon = await startDaemon({
      name: 'postgres',
      ...(([command, args]) => ({ command, args }))(as(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])])),
      env: process.env,
      cwd: dir,
      ready: /database system is ready to accept connections/,
      timeoutMs: 30_000,
    });
    const psqlBin = fs.existsSync(path.join(bin, 'psql')) ? path.join(bin, 'psql') : 'psql';
    const query = (sql: string): string[] =>
      execFileSync(psqlBin, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'n8n', '-At', '-c', sql], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean);
    const admin = (sql: string) => execFileSync(psqlBin, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', sql], { stdio: 'ignore' });
    admin("CREATE USER n8n PASSWORD 'n8n'");
    admin('CREATE DATABASE n8n OWNER n8n');
    const started = daemon;
    return {
      host: '127.0.0.1',
      port,
      database: 'n8n',
      user: 'n8n',
      password: 'n8n',
      query,
      stop: async () => {
        await started.stop('SIGINT');
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await daemon?.stop('SIGINT');
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
