/** Small builders for n8n workflow JSON, so tests read as the workflow they run. */
import type { CredentialFile, WorkflowFile } from './harness';

export interface NodeSpec {
  name: string;
  type: string;
  typeVersion: number;
  parameters?: Record<string, unknown>;
  credentials?: Record<string, { id: string; name: string }>;
  /** `continueErrorOutput` adds the error output (index 1); `continueRegularOutput` keeps going. */
  onError?: 'continueErrorOutput' | 'continueRegularOutput' | 'stopWorkflow';
  [key: string]: unknown;
}

/** `from` → `to`, from one of `from`'s outputs (0 = main, 1 = error output). */
export type Edge = [from: string, to: string, output?: number];

/**
 * A workflow from its nodes; without `edges` they are chained in the order given. The id must be
 * 1–21 characters (n8n's rule); `n8n execute --id` takes it.
 */
export function workflow(id: string, name: string, nodes: NodeSpec[], edges?: Edge[]): WorkflowFile {
  if (id.length < 1 || id.length > 21) throw new Error(`workflow id "${id}" must be 1–21 characters`);
  const chain: Edge[] = edges ?? nodes.slice(1).map((node, i): Edge => [nodes[i].name, node.name]);
  const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: 0 }>> }> = {};
  for (const [from, to, output = 0] of chain) {
    const main = (connections[from] ??= { main: [] }).main;
    while (main.length <= output) main.push([]);
    main[output].push({ node: to, type: 'main', index: 0 });
  }
  return {
    id,
    name,
    nodes: nodes.map((node, i) => ({ id: `${id}-${i}`, position: [i * 220, 0], parameters: {}, ...node })),
    connections,
    settings: { executionOrder: 'v1' },
  };
}

export function manualTrigger(name = 'Manual'): NodeSpec {
  return { name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1 };
}

/** n8n's Code node, "run once for all items". */
export function code(name: string, jsCode: string): NodeSpec {
  return { name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode } };
}

/** n8n's HTTP Request node (v4.2); `parameters` as the node stores them. */
export function httpRequest(name: string, parameters: Record<string, unknown>): NodeSpec {
  return { name, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters };
}

/**
 * Two nodes that emit `count` items `{ index, ...fields(index) }`: Set (raw JSON) then Split Out.
 * Not a Code node, which would start n8n's task runner (about a second) in every run.
 */
export function items(count: number, fields: (i: number) => Record<string, unknown> = () => ({})): NodeSpec[] {
  const list = Array.from({ length: count }, (_, index) => ({ index, ...fields(index) }));
  return [
    { name: 'Data', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items: list }) } },
    { name: 'Items', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'items' } },
  ];
}

/** The credential the Stablecog nodes use, pointing at an emulator (or any API origin). */
export function stablecogCredential(id: string, apiToken: string, baseUrl: string): CredentialFile {
  return { id, name: `Stablecog ${id}`, type: 'stablecogApi', data: { apiToken, baseUrl } };
}

/** How a node refers to that credential. */
export function useStablecogCredential(credential: CredentialFile): NodeSpec['credentials'] {
  return { stablecogApi: { id: credential.id, name: credential.name } };
}

/** The Stablecog node (`n8n-nodes-stablecog.stablecog`) as a user's workflow stores it, using `credential`. */
export function stablecogNode(
  credential: CredentialFile,
  name: string,
  parameters: Record<string, unknown>,
  extra: Partial<NodeSpec> = {},
): NodeSpec {
  return {
    name,
    type: 'n8n-nodes-stablecog.stablecog',
    typeVersion: 1,
    parameters,
    credentials: useStablecogCredential(credential),
    ...extra,
  };
}
