/**
 * n8n as production runs it, from nothing, on loopback: a throwaway Postgres and Redis, `n8n start`
 * (main) and `n8n worker` processes on Node 24 with EXECUTIONS_MODE=queue, each with its own user
 * folder holding the packed n8n-nodes-stablecog (installed as n8n installs a community package),
 * binary data in Postgres (`database`, queue mode's mode), the owner and a Stablecog credential
 * set up through the REST API. `mode: 'regular'` starts main alone on the same database (the
 * benchmark's baseline). Everything started is stopped by process id.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureN8n, type N8n } from '../tools';
import { installCommunityPackage, packStablecogNodes } from '../n8n/package';
import { freePort } from '../n8n/process';
import { startDaemon, type Daemon } from './daemon';
import { flattedParse, N8nRest, OWNER } from './rest';
import { ensureDebianPackages, SERVICE_PACKAGES, startPostgres, startRedis, type Postgres, type Service } from './services';

export interface ClusterOptions {
  /** `queue` (default): main + workers; `regular`: main runs everything. */
  mode?: 'queue' | 'regular';
  /** Worker processes in queue mode (default 2). */
  workers?: number;
  /** Jobs each worker runs at once (`n8n worker --concurrency`, default 10 as in n8n). */
  concurrency?: number;
  /** More environment for every n8n process (e.g. OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS). */
  env?: Record<string, string>;
  /** The Stablecog credential to create: its token and API base URL. */
  stablecog: { apiToken: string; baseUrl: string };
}

/** Seconds each set-up step took, printed by `start`. */
export type SetupTimes = Record<string, number>;

/** An execution as n8n's REST API lists it. */
export interface ExecutionSummary {
  id: string;
  mode: string;
  status: string;
  startedAt: string;
  stoppedAt?: string | null;
  workflowId: string;
}

/** One execution with its data parsed. */
export interface ExecutionDetail extends ExecutionSummary {
  finished: boolean;
  data: {
    resultData: {
      runData: Record<string, Array<{ data?: { main?: Array<Array<ExecutionItem> | null> }; error?: { message?: string } }>>;
      error?: { message?: string };
    };
  };
}

export interface ExecutionItem {
  json: Record<string, unknown>;
  binary?: Record<string, { id?: string; data?: string; mimeType?: string; fileName?: string }>;
}

export interface WorkflowRef {
  id: string;
  versionId: string;
}

/** Bull's stall detection, shortened so a killed worker's jobs are noticed in seconds (n8n: 60 s lock, 30 s checks). */
export const FAST_STALL_DETECTION = {
  QUEUE_WORKER_LOCK_DURATION: '10000',
  QUEUE_WORKER_LOCK_RENEW_TIME: '3000',
  QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

export class N8nCluster {
  readonly rest: N8nRest;
  readonly workers: Daemon[] = [];
  credentialId = '';
  private workerCount = 0;
  /** What earlier main processes printed (before a restart). */
  private readonly earlierMainOutput: string[] = [];

  private constructor(
    private readonly n8n: N8n,
    private readonly options: ClusterOptions,
    private readonly postgres: Postgres,
    private readonly redis: Service | undefined,
    private readonly root: string,
    private readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    public main: Daemon,
    readonly setupTimes: SetupTimes,
  ) {
    this.rest = new N8nRest(this.baseUrl);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts everything, prints how long each step took, and returns the ready cluster. */
  static async start(options: ClusterOptions): Promise<N8nCluster> {
    const mode = options.mode ?? 'queue';
    const times: SetupTimes = {};
    const step = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
      const started = Date.now();
      const result = await work();
      times[name] = (Date.now() - started) / 1000;
      return result;
    };
    const began = Date.now();
    await step('debian packages', () => ensureDebianPackages(SERVICE_PACKAGES));
    const n8n = ensureN8n();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stablecog-n8n-queue-'));
    const stops: Array<() => Promise<void>> = [];
    try {
      const [postgres, redis, tarball] = await step('postgres + redis + pack', () =>
        Promise.all([startPostgres(), mode === 'queue' ? startRedis() : undefined, packStablecogNodes()]),
      );
      stops.push(() => postgres.stop());
      if (redis) stops.push(() => redis.stop());
      const env: NodeJS.ProcessEnv = {
        ...n8n.env,
        EXECUTIONS_MODE: mode,
        DB_TYPE: 'postgresdb',
        DB_POSTGRESDB_HOST: postgres.host,
        DB_POSTGRESDB_PORT: String(postgres.port),
        DB_POSTGRESDB_DATABASE: postgres.database,
        DB_POSTGRESDB_USER: postgres.user,
        DB_POSTGRESDB_PASSWORD: postgres.password,
        // n8n's default pool is 2 connections a process: a worker running dozens of executions at
        // once then fails them with "timeout exceeded when trying to connect".
        DB_POSTGRESDB_POOL_SIZE: '20',
        ...(redis ? { QUEUE_BULL_REDIS_HOST: redis.host, QUEUE_BULL_REDIS_PORT: String(redis.port) } : {}),
        N8N_DEFAULT_BINARY_DATA_MODE: 'database',
        N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
        N8N_SSRF_PROTECTION_ENABLED: 'false', // the emulator is on loopback
        N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
        N8N_REINSTALL_MISSING_PACKAGES: 'false',
        N8N_SECURE_COOKIE: 'false', // cookie sign-in over plain http
        N8N_LISTEN_ADDRESS: '127.0.0.1',
        N8N_HOST: '127.0.0.1',
        N8N_DISABLED_MODULES: 'mcp-registry', // it looks up api.n8n.io, unreachable offline
        ...options.env,
      };
      await step('install n8n-nodes-stablecog', async () => {
        const home = path.join(root, 'main');
        await installCommunityPackage(path.join(home, '.n8n', 'nodes'), tarball, env);
      });
      const port = await freePort();
      const main = await step('n8n main ready (migrations)', () => startMain(n8n, env, root, port));
      stops.push(() => main.stop());
      const cluster = new N8nCluster(n8n, options, postgres, redis, root, port, env, main, times);
      stops.length = 0;
      try {
        const workers = mode === 'queue' ? (options.workers ?? 2) : 0;
        if (workers > 0) await step(`${workers} workers ready`, () => Promise.all(Array.from({ length: workers }, () => cluster.addWorker())));
        await step('owner + credential (REST)', async () => {
          await cluster.rest.setUpOwner(OWNER);
          cluster.credentialId = await cluster.createCredential(options.stablecog.apiToken, options.stablecog.baseUrl);
        });
      } catch (error) {
        await cluster.stop();
        throw error;
      }
      times.total = (Date.now() - began) / 1000;
      process.stderr.write(
        `[n8n ${mode}] ready in ${times.total.toFixed(1)} s: ${Object.entries(times)
          .filter(([name]) => name !== 'total')
          .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
          .join(', ')}\n`,
      );
      return cluster;
    } catch (error) {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  /** Starts one more `n8n worker`, with its own user folder (a copy of main's installed nodes). */
  async addWorker(): Promise<Daemon> {
    const name = `worker${++this.workerCount}`;
    const home = path.join(this.root, name);
    fs.cpSync(path.join(this.root, 'main', '.n8n', 'nodes'), path.join(home, '.n8n', 'nodes'), { recursive: true });
    const env = { ...this.env, N8N_USER_FOLDER: home, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
    const worker = await startDaemon({
      name,
      command: this.n8n.node,
      args: [this.n8n.bin, 'worker', `--concurrency=${this.options.concurrency ?? 10}`],
      env,
      cwd: home,
      ready: /n8n worker is now ready/,
      timeoutMs: 120_000,
    });
    this.workers.push(worker);
    return worker;
  }

  /** Restarts main with more (or other) environment, e.g. OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS. */
  async restartMain(env: Record<string, string>): Promise<void> {
    await this.main.stop();
    this.earlierMainOutput.push(this.main.output());
    Object.assign(this.env, env);
    this.main = await startMain(this.n8n, this.env, this.root, this.port);
    await this.rest.signIn(OWNER);
  }

  /** A Stablecog credential created through the REST API; returns its id. */
  async createCredential(apiToken: string, baseUrl: string, name = 'Stablecog emulator'): Promise<string> {
    const created = await this.rest.request<{ id: string }>('POST', '/rest/credentials', { name, type: 'stablecogApi', data: { apiToken, baseUrl } });
    return created.id;
  }

  /** How nodes refer to the cluster's Stablecog credential. */
  get stablecogCredential(): Record<string, { id: string; name: string }> {
    return { stablecogApi: { id: this.credentialId, name: 'Stablecog emulator' } };
  }

  /** Creates a workflow (nodes and connections as n8n stores them). */
  async createWorkflow(workflow: { name: string; nodes: unknown[]; connections: Record<string, unknown>; settings?: Record<string, unknown> }): Promise<WorkflowRef> {
    const created = await this.rest.request<{ id: string; versionId: string }>('POST', '/rest/workflows', {
      settings: { executionOrder: 'v1' },
      ...workflow,
    });
    return { id: created.id, versionId: created.versionId };
  }

  /**
   * Creates and publishes Webhook (POST `path`, answering with the last node's first item) → `nodes`,
   * chained in the order given.
   */
  async webhookWorkflow(path: string, nodes: NodeJson[]): Promise<WorkflowRef> {
    const webhook: NodeJson = {
      name: 'Webhook',
      type: 'n8n-nodes-base.webhook',
      typeVersion: 2,
      webhookId: path,
      parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
    };
    const workflow = await this.createWorkflow({ name: path, ...chain([webhook, ...nodes]) });
    await this.activate(workflow);
    return workflow;
  }

  /** The Stablecog node (`n8n-nodes-stablecog.stablecog`) with the cluster's credential. */
  stablecogNode(name: string, parameters: Record<string, unknown>): NodeJson {
    return { name, type: 'n8n-nodes-stablecog.stablecog', typeVersion: 1, parameters, credentials: this.stablecogCredential };
  }

  /** Publishes a workflow: its triggers start (webhooks registered, polls scheduled). */
  async activate(workflow: WorkflowRef): Promise<void> {
    await this.rest.request('POST', `/rest/workflows/${workflow.id}/activate`, { versionId: workflow.versionId });
  }

  async deactivate(workflow: WorkflowRef): Promise<void> {
    await this.rest.request('POST', `/rest/workflows/${workflow.id}/deactivate`, {});
  }

  /**
   * POSTs to a production webhook. Right after activation n8n may answer 404 for a moment (the
   * webhook is registered asynchronously): those are retried for a few seconds.
   */
  async callWebhook(webhookPath: string, body: unknown): Promise<{ status: number; json: unknown }> {
    const until = Date.now() + 10_000;
    for (;;) {
      const response = await fetch(`${this.baseUrl}/webhook/${webhookPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(600_000),
      });
      const text = await response.text();
      if (response.status === 404 && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, json };
    }
  }

  /** Starts a manual run of a workflow from its Manual Trigger, as the editor's Execute button does; returns the execution id. */
  async runManually(workflow: WorkflowRef, triggerName = 'Manual'): Promise<string> {
    const run = await this.rest.request<{ executionId: string }>('POST', `/rest/workflows/${workflow.id}/run`, {
      triggerToStartFrom: { name: triggerName },
    });
    return run.executionId;
  }

  /**
   * Every execution of a workflow (newest first), read from n8n's `execution_entity` table: the
   * REST list pages by a millisecond cursor and skips or repeats executions that started in the
   * same millisecond, as a burst of webhook calls does.
   */
  async executions(workflowId: string): Promise<ExecutionSummary[]> {
    const id = workflowId.replace(/'/g, "''");
    return this.postgres
      .query(
        `SELECT id, mode, status, "startedAt", "stoppedAt", "workflowId" FROM execution_entity ` +
          `WHERE "workflowId" = '${id}' AND "deletedAt" IS NULL ORDER BY id DESC`,
      )
      .map((row) => {
        const [executionId, mode, status, startedAt, stoppedAt, wf] = row.split('|');
        return { id: executionId!, mode: mode!, status: status!, startedAt: startedAt!, stoppedAt: stoppedAt || null, workflowId: wf! };
      });
  }

  /** Waits until `count` executions of a workflow have ended, and returns them. */
  async settledExecutions(workflowId: string, count: number, timeoutMs: number): Promise<ExecutionSummary[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const all = await this.executions(workflowId);
      const ended = all.filter((e) => !['new', 'running', 'waiting'].includes(e.status));
      if (ended.length >= count) return ended;
      if (Date.now() > until) throw new Error(`${ended.length} of ${count} executions of workflow ${workflowId} ended within ${timeoutMs} ms: ${JSON.stringify(all.map((e) => [e.id, e.status]))}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** One execution with its data (n8n's flatted format parsed). */
  async execution(id: string): Promise<ExecutionDetail> {
    const raw = await this.rest.request<ExecutionSummary & { finished: boolean; data: string }>('GET', `/rest/executions/${id}`);
    return { ...raw, data: flattedParse(this.n8n.bin, raw.data) as ExecutionDetail['data'] };
  }

  /** The bytes of a stored binary, fetched from main as the editor fetches them; undefined on 404. */
  async binary(id: string): Promise<Buffer | undefined> {
    const response = await this.rest.raw('GET', `/rest/binary-data?id=${encodeURIComponent(id)}&action=download`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`binary ${id}: ${response.status} ${await response.text()}`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** Everything main printed, across restarts (it logs `Enqueued execution N` for each job it queues). */
  mainOutput(): string {
    return [...this.earlierMainOutput, this.main.output()].join('');
  }

  /** Which worker ran each execution, from the workers' own log lines (`Worker started execution N`). */
  whoRan(): Map<string, string> {
    const ran = new Map<string, string>();
    for (const worker of this.workers) {
      for (const match of worker.output().matchAll(/Worker started execution (\d+)/g)) ran.set(match[1]!, worker.name);
    }
    return ran;
  }

  /** Rows of n8n's `binary_data` table: [fileId, sourceType, sourceId]. */
  binaryRows(): Array<[string, string, string]> {
    return this.postgres
      .query('SELECT "fileId", "sourceType", "sourceId" FROM binary_data ORDER BY "createdAt"')
      .map((row) => row.split('|') as [string, string, string]);
  }

  /** Stops every n8n process, then Redis and Postgres, and removes the user folders. */
  async stop(): Promise<void> {
    await Promise.all([...this.workers.map((w) => w.stop()), this.main.stop()]);
    await this.redis?.stop();
    await this.postgres.stop();
    if (process.env.KEEP_N8N_HOME) console.log(`n8n folders kept: ${this.root}`);
    else fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** A node as the REST API takes it (id and position are filled in by `chain`). */
export interface NodeJson {
  name: string;
  type: string;
  typeVersion: number;
  parameters?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Nodes and connections for `nodes` chained in the order given. */
export function chain(nodes: NodeJson[]): { nodes: unknown[]; connections: Record<string, unknown> } {
  return {
    nodes: nodes.map((node, i) => ({ id: `node-${i}`, position: [i * 220, 0], parameters: {}, ...node })),
    connections: Object.fromEntries(nodes.slice(1).map((node, i) => [nodes[i]!.name, { main: [[{ node: node.name, type: 'main', index: 0 }]] }])),
  };
}

async function startMain(n8n: N8n, env: NodeJS.ProcessEnv, root: string, port: number): Promise<Daemon> {
  const home = path.join(root, 'main');
  return await startDaemon({
    name: 'main',
    command: n8n.node,
    args: [n8n.bin, 'start'],
    env: { ...env, N8N_USER_FOLDER: home, N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
    cwd: home,
    readyCheck: async () => (await fetch(`http://127.0.0.1:${port}/healthz/readiness`)).status === 200,
    timeoutMs: 180_000,
  });
}
