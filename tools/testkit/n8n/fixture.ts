/**
 * A real n8n (the harness in this folder) for the fault, bad-input and security suites: the credential may
 * hold any token and point at any API origin (the front door), and a run can be captured whole:
 * the execution JSON and everything n8n printed on stdout and stderr.
 */
import { N8nSuite, Execution, type CredentialFile } from './harness';
import { findExecutionJson } from './execution';
import { freePort, runProcess } from './process';
import { stablecogCredential, stablecogNode, type NodeSpec } from './workflow';

export interface N8nFixture {
  n8n: N8nSuite;
  credential: CredentialFile;
  /** The Stablecog node with this fixture's credential. */
  stablecog(name: string, parameters: Record<string, unknown>, extra?: Partial<NodeSpec>): NodeSpec;
  dispose(): void;
}

/** An n8n user folder with the packed nodes and one Stablecog credential (`token`, `baseUrl`). */
export async function startN8n(token: string, baseUrl: string, credentialId = 'stablecogFaults'): Promise<N8nFixture> {
  const n8n = await N8nSuite.start();
  try {
    const credential = stablecogCredential(credentialId, token, baseUrl);
    await n8n.importCredentials([credential]);
    return {
      n8n,
      credential,
      stablecog: (name, parameters, extra) => stablecogNode(credential, name, parameters, extra),
      dispose: () => n8n.dispose(),
    };
  } catch (error) {
    n8n.dispose();
    throw error;
  }
}

/** One `n8n execute` with everything it printed (the harness's `execute` keeps only the execution). */
export interface CapturedRun {
  execution: Execution;
  stdout: string;
  stderr: string;
}

/**
 * `n8n execute --id <id> --rawOutput`, exactly as the harness runs it (same environment, its own
 * task-broker port), keeping stdout and stderr.
 */
export async function executeCaptured(fixture: N8nFixture, workflowId: string, timeoutMs = 180_000): Promise<CapturedRun> {
  const { n8n } = fixture;
  // The harness keeps its environment (with the encryption key of the credentials) private;
  // element access is TypeScript's way to read it without changing the harness.
  const env = { ...n8n['env'], N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
  const outcome = await runProcess(n8n.n8n.node, [n8n.n8n.bin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
    env,
    cwd: n8n.userFolder,
    timeoutMs,
  });
  const found = findExecutionJson(outcome.stdout);
  if (!found) {
    throw new Error(
      `n8n execute --id=${workflowId} printed no execution (exit ${outcome.code ?? outcome.signal}, ${outcome.ms} ms)\n` +
        `${outcome.stdout.slice(-3000)}\n${outcome.stderr.slice(-3000)}`,
    );
  }
  return { execution: new Execution(found.text, found.json, outcome.ms, outcome.code), stdout: outcome.stdout, stderr: outcome.stderr };
}
