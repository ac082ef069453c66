/**
 * A real n8n, run headless from the CLI: one fresh user folder per suite, the packed
 * n8n-nodes-stablecog installed into it the way a user's n8n installs a community package,
 * credentials and workflows imported once, then `n8n execute --id … --rawOutput` per run.
 *
 * Why `execute` and not `n8n start` + webhooks: a run costs n8n's boot (about 2.5 s here) on top
 * of the workflow, which is cheap next to the emulator's latency, and it needs no server, port,
 * owner account or activation; the execution JSON it prints carries every node's items, timings
 * and status, which a webhook response would not.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureInstalled } from '../tools/cache';
import { ensureN8n, type N8n } from '../tools/n8n';
import { describeFailure, judgeExecution, type BinaryRef, type Execution } from './execution';
import { installCommunityPackage, packStablecogNodes } from './package';
import { freePort, killAll, runProcess, type ProcessOutcome } from './process';

export { Execution } from './execution';
export type { BinaryRef, Item } from './execution';

/** A workflow as `n8n import:workflow` reads it; the id (1–21 characters) is what `execute` takes. */
export interface WorkflowFile {
  id: string;
  name: string;
  nodes: unknown[];
  connections: Record<string, unknown>;
  settings?: Record<string, unknown>;
  active?: boolean;
  [key: string]: unknown;
}

/** A credential as `n8n import:credentials` reads it: plain `data`, which n8n encrypts on import. */
export interface CredentialFile {
  id: string;
  name: string;
  type: string;
  data: Record<string, unknown>;
}

export interface SuiteOptions {
  /** Install the packed n8n-nodes-stablecog into the user folder (default true). */
  stablecog?: boolean;
}

export interface ExecuteOptions {
  /** Kill n8n (and its task runners) after this long; default 120 s. */
  timeoutMs?: number;
  /** Kill n8n (and its task runners) when this aborts: a test stops a run on a state, not a time. */
  signal?: AbortSignal;
}

/** How long each n8n command of this suite took, for the reports. */
export interface Timing {
  command: string;
  ms: number;
}

export class N8nSuite {
  readonly timings: Timing[] = [];

  private constructor(
    readonly n8n: N8n,
    /** N8N_USER_FOLDER: n8n keeps everything in its `.n8n` (sqlite database, config, binaries). */
    readonly userFolder: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** A fresh user folder, with the packed Stablecog nodes installed unless told otherwise. */
  static async start(options: SuiteOptions = {}): Promise<N8nSuite> {
    const n8n = ensureN8n();
    const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'stablecog-n8n-'));
    const env: NodeJS.ProcessEnv = {
      ...n8n.env,
      N8N_USER_FOLDER: userFolder,
      // A fixed key: n8n would otherwise generate one and warn about it.
      N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
    };
    const suite = new N8nSuite(n8n, userFolder, env);
    copyMigratedDatabase(n8n, path.join(userFolder, '.n8n'));
    if (options.stablecog ?? true) {
      const started = Date.now();
      await installCommunityPackage(path.join(userFolder, '.n8n', 'nodes'), await packStablecogNodes(), env);
      suite.timings.push({ command: 'install n8n-nodes-stablecog', ms: Date.now() - started });
    }
    return suite;
  }

  /** `n8n import:credentials`, all in one go. */
  async importCredentials(credentials: CredentialFile[]): Promise<void> {
    await this.importFile('import:credentials', credentials);
  }

  /** `n8n import:workflow`, all in one go (one n8n boot for any number of workflows). */
  async importWorkflows(workflows: WorkflowFile[]): Promise<void> {
    await this.importFile('import:workflow', workflows.map((w) => ({ active: false, settings: {}, ...w })));
  }

  /**
   * `n8n execute --id <id> --rawOutput`, parsed. Runs may go in parallel (each n8n gets its own
   * task-broker port). The run is judged by the execution status n8n printed, not by its exit code:
   * n8n 2.41 rarely exits with 139 after printing a complete result, which is logged and tolerated.
   */
  async execute(workflowId: string, options: ExecuteOptions = {}): Promise<Execution> {
    const outcome = await this.run(['execute', `--id=${workflowId}`, '--rawOutput'], options.timeoutMs ?? 120_000, options.signal);
    return judgeExecution(`n8n execute --id=${workflowId}`, outcome);
  }

  /** `execute`, failing with n8n's own error message unless the run succeeded. */
  async executeOk(workflowId: string, options: ExecuteOptions = {}): Promise<Execution> {
    const execution = await this.execute(workflowId, options);
    if (execution.status !== 'success') {
      throw new Error(`workflow ${workflowId} ended "${execution.status}": ${execution.errorMessage ?? 'no error message'}`);
    }
    return execution;
  }

  /** Where n8n stored a binary's bytes (filesystem mode, the default in n8n 2.x). */
  binaryPath(ref: BinaryRef): string {
    const match = /^filesystem(?:-v2)?:(.+)$/.exec(ref.id ?? '');
    if (!match) throw new Error(`binary "${ref.fileName ?? '?'}" has no filesystem id (id: ${ref.id ?? 'none'})`);
    return path.join(this.userFolder, '.n8n', 'storage', match[1]);
  }

  /** The bytes n8n stored for a binary property. */
  readBinary(ref: BinaryRef): Buffer {
    return fs.readFileSync(this.binaryPath(ref));
  }

  /** One line per n8n command this suite ran, with its wall time (what a run costs, boot included). */
  formatTimings(): string {
    const label = (command: string) => command.replace(/ --rawOutput$/, '').replace(/ --input=.*$/, '');
    return this.timings.map((t) => `  ${label(t.command).padEnd(40)} ${(t.ms / 1000).toFixed(1).padStart(5)} s`).join('\n');
  }

  /** Kills anything still running and removes the user folder (kept when KEEP_N8N_HOME is set). */
  dispose(): void {
    killAll();
    if (process.env.KEEP_N8N_HOME) console.log(`n8n user folder kept: ${this.userFolder}`);
    else fs.rmSync(this.userFolder, { recursive: true, force: true });
  }

  private async importFile(command: string, content: unknown[]): Promise<void> {
    const file = path.join(this.userFolder, `${command.replace(':', '-')}-${Date.now()}.json`);
    fs.writeFileSync(file, JSON.stringify(content));
    try {
      const outcome = await this.run([command, `--input=${file}`], 60_000);
      if (outcome.code !== 0) throw new Error(describeFailure(`n8n ${command}`, outcome));
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  private async run(args: string[], timeoutMs: number, signal?: AbortSignal): Promise<ProcessOutcome> {
    const env = { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
    const outcome = await runProcess(this.n8n.node, [this.n8n.bin, ...args], { env, cwd: this.userFolder, timeoutMs, signal });
    this.timings.push({ command: args.join(' '), ms: outcome.ms });
    return outcome;
  }
}

/**
 * n8n's first command in a new user folder spends about 5 s creating its sqlite database (some 250
 * migrations). An empty, migrated database is made once per machine in the tools cache, and each
 * suite starts from a copy (the main file and its write-ahead log; sqlite rebuilds the rest).
 */
function copyMigratedDatabase(n8n: N8n, dotN8n: string): void {
  const template = ensureInstalled(
    `n8n-${n8n.version}-empty-database`,
    (dir) => fs.existsSync(path.join(dir, '.n8n', 'database.sqlite')),
    (dir) => {
      const env = { ...n8n.env, N8N_USER_FOLDER: dir, N8N_ENCRYPTION_KEY: 'template' };
      execFileSync(n8n.node, [n8n.bin, 'list:workflow'], { env, stdio: 'ignore', timeout: 120_000 });
    },
  );
  fs.mkdirSync(dotN8n, { recursive: true });
  for (const file of ['database.sqlite', 'database.sqlite-wal']) {
    const source = path.join(template, '.n8n', file);
    if (fs.existsSync(source)) fs.copyFileSync(source, path.join(dotN8n, file));
  }
}

