/**
 * How much Stablecog logic each front end still holds, next to the client core (issue 9's goal:
 * each adapter at most 40 % of the core).
 *
 * A LOGIC line is a source line with code on it (not blank, not only comments) that is not
 * declarative UI. Declarative UI is what lies inside an object or array literal that contains no
 * function: n8n parameter descriptions, Zapier input fields and samples, lookup tables. The
 * literal's first line (the declaration) still counts; its inner lines and closing line do not.
 * The same rule is applied to every package, so the ratios compare like with like.
 *
 *   node_modules/.bin/tsx scripts/logic-ratio.ts [checkout root, default: this one]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = process.argv[2] ?? join(__dirname, '..');

/** The packages measured: each a set of source folders (tests, builds and configs left out). */
const PACKAGES = {
  core: ['packages/client/src/core'],
  n8n: ['packages/n8n-nodes-stablecog/nodes', 'packages/n8n-nodes-stablecog/helpers', 'packages/n8n-nodes-stablecog/credentials'],
  zapier: ['packages/zapier-stablecog/src'],
  activepieces: ['packages/activepieces-stablecog/src'],
  mcp: ['packages/client/src/mcp'],
  cli: ['packages/client/src/cli'],
} as const;

/** Every `.ts` source file below `dir` (none when it does not exist). */
function sources(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const FUNCTION_KINDS = new Set([
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

function containsFunction(node: ts.Node): boolean {
  return FUNCTION_KINDS.has(node.kind) || (ts.forEachChild(node, containsFunction) ?? false);
}

const isLiteral = (node: ts.Node) => ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node);

/** The logic lines and all code lines of one file. */
function measure(path: string): { code: number; logic: number } {
  const text = readFileSync(path, 'utf8');
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lineOf = (pos: number) => file.getLineAndCharacterOfPosition(pos).line;

  // Lines with a token on them (comments and blank lines have none).
  const code = new Set<number>();
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const start = lineOf(scanner.getTokenStart());
    const end = lineOf(scanner.getTokenEnd());
    for (let line = start; line <= end; line++) code.add(line);
  }
  // Template literals and regexes need the parser's view to scan right: add the lines of every node.
  const visitAll = (node: ts.Node): void => {
    if (node.kind !== ts.SyntaxKind.SourceFile) code.add(lineOf(node.getStart(file)));
    ts.forEachChild(node, visitAll);
  };
  visitAll(file);

  // Lines inside the outermost function-free literals.
  const declarative = new Set<number>();
  const visit = (node: ts.Node): void => {
    if (isLiteral(node) && !containsFunction(node)) {
      const first = lineOf(node.getStart(file));
      const last = lineOf(node.getEnd());
      for (let line = first + 1; line <= last; line++) declarative.add(line);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);

  const logic = [...code].filter((line) => !declarative.has(line)).length;
  return { code: code.size, logic };
}

const results = Object.fromEntries(
  Object.entries(PACKAGES).map(([name, dirs]) => {
    const files = dirs.flatMap((dir) => sources(join(root, dir)));
    const totals = files.map(measure).reduce((a, b) => ({ code: a.code + b.code, logic: a.logic + b.logic }), { code: 0, logic: 0 });
    return [name, { ...totals, files: files.length }];
  }),
) as Record<keyof typeof PACKAGES, { code: number; logic: number; files: number }>;

console.log(`Logic lines in ${relative(process.cwd(), root) || '.'}`);
for (const [name, { code, logic, files }] of Object.entries(results)) {
  console.log(`  ${name.padEnd(12)} ${String(logic).padStart(5)} logic of ${String(code).padStart(5)} code lines (${files} files)`);
}
for (const adapter of ['n8n', 'zapier', 'activepieces', 'mcp', 'cli'] as const) {
  const ratio = results[adapter].logic / results.core.logic;
  console.log(`  ${adapter}/core ${(ratio * 100).toFixed(0)} % (goal ≤ 40 %)`);
}
