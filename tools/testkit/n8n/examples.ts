/** The importable example workflows shipped in packages/n8n-nodes-stablecog/examples. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CredentialFile, WorkflowFile } from './harness';
import { stablecogPackageDir } from './package';

const examplesDir = path.join(stablecogPackageDir, 'examples');

interface ExampleNode {
  credentials?: Record<string, { id: string; name: string }>;
}

/** The example file names. */
export function exampleFiles(): string[] {
  return fs.readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort();
}

/** One example workflow, its Stablecog nodes pointed at `credential` (as a user would pick theirs). */
export function exampleWorkflow(file: string, credential: CredentialFile): WorkflowFile {
  const workflow = JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8')) as WorkflowFile;
  for (const node of workflow.nodes as ExampleNode[]) {
    if (node.credentials?.stablecogApi) node.credentials.stablecogApi = { id: credential.id, name: credential.name };
  }
  return workflow;
}
