/**
 * Demo step "n8n": a real n8n (2.41.1 on Node 24, installed once into the tools cache) runs the
 * package's example workflow (generate → upscale → list outputs) with the packed
 * n8n-nodes-stablecog installed as a user's n8n installs it, against the emulator. Prints each
 * Stablecog node's items and writes the images n8n stored into the demo folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exampleWorkflow, type Execution, N8nSuite, stablecogCredential, type WorkflowFile } from '@stablecog/testkit/n8n';
import { ensureN8n } from '@stablecog/testkit';
import type { DemoContext } from './context';

const EXAMPLE = 'generate-upscale-list.json';
const STABLECOG_NODE = 'n8n-nodes-stablecog.stablecog';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface WorkflowNode {
  name: string;
  type: string;
  parameters?: { resource?: string; operation?: string };
}

export async function run(ctx: DemoContext): Promise<void> {
  let started = Date.now();
  console.log('Preparing n8n 2.41.1 on Node 24 (the first run installs it: a few minutes, progress below)…');
  const n8n = ensureN8n();
  const installDir = path.resolve(n8n.bin, '..', '..', '..', '..');
  console.log(`  ready in ${seconds(Date.now() - started)} (${installDir})`);

  started = Date.now();
  const suite = await N8nSuite.start();
  try {
    console.log(`Installed the packed n8n-nodes-stablecog into a fresh n8n user folder in ${seconds(Date.now() - started)}`);
    const credential = stablecogCredential('demoStablecog01', ctx.token, ctx.apiUrl);
    await suite.importCredentials([credential]);
    const example = exampleWorkflow(EXAMPLE, credential);
    await suite.importWorkflows([example]);
    console.log(`Imported the credential (API at ${ctx.apiUrl}) and the example workflow "${example.name}"`);

    console.log(`Running it with \`n8n execute --id ${example.id}\`…`);
    const execution = await suite.executeOk(example.id);
    console.log(
      `  ${execution.status} in ${seconds(execution.durationMs)} of workflow time ` +
        `(${seconds(execution.processMs)} with n8n's start-up)`,
    );
    const files = report(suite, execution, example, ctx.outDir);
    console.log(`n8n's images were written to ${ctx.outDir}: ${files.map((f) => path.basename(f)).join(', ') || 'none'}`);
  } finally {
    suite.dispose();
  }
}

/** Prints each Stablecog node's items in workflow order and saves their stored images. */
function report(suite: N8nSuite, execution: Execution, workflow: WorkflowFile, outDir: string): string[] {
  const files: string[] = [];
  for (const node of workflow.nodes as WorkflowNode[]) {
    if (node.type !== STABLECOG_NODE) continue;
    const items = execution.items(node.name);
    const what = `${node.parameters?.resource ?? ''} → ${node.parameters?.operation ?? ''}`;
    console.log(`\n  ${node.name} (${what}): ${items.length} item${items.length === 1 ? '' : 's'}`);
    items.forEach((item, i) => {
      const json = item.json;
      const url = json.upscaled_image_url ?? json.image_url;
      const seed = json.seed === undefined || json.seed === null ? '' : `  seed ${json.seed}`;
      const prompt = json.prompt ? `  "${json.prompt}"` : '';
      console.log(`    ${json.id}${seed}${prompt}\n      ${url}`);
      const binary = item.binary?.data;
      if (binary) {
        const slug = node.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
        const file = path.join(outDir, `n8n-${slug}-${i + 1}.jpeg`);
        fs.copyFileSync(suite.binaryPath(binary), file);
        files.push(file);
        console.log(`      stored by n8n (${binary.fileSize ?? '?'}) -> ${path.relative(process.cwd(), file)}`);
      }
    });
  }
  console.log('');
  return files;
}
