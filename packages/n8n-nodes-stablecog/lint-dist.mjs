#!/usr/bin/env node
/**
 * The check n8n's verification scanner (`@n8n/scan-community-package`, pinned as a dev dependency)
 * runs on a published package, run here before publishing. The scanner itself needs the registry
 * and GitHub, so this uses its own exported ESLint config (`buildScanConfig`), its own ESLint and
 * its exact options (no inline disables) on its two legs:
 *
 * - source: `package.json` and `{nodes,credentials}/**` of the repository, as the scanner lints
 *   the GitHub source the npm provenance points at;
 * - tarball: every `.js` file and `package.json` of `npm pack`'s output (run `npm run build` first).
 *
 * The scanner fails on errors only; this script also fails on warnings.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// The scanner pins typescript 7, which has no compiler API, so its TypeScript parser cannot load
// ("Cannot read properties of undefined (reading 'Cjs')"). Every `require('typescript')` gets this
// package's typescript 5.9 instead; config, plugins, rules and ESLint stay the scanner's own.
const typescript5 = require.resolve('typescript');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
	if (request === 'typescript') return typescript5;
	return resolveFilename.call(this, request, parent, ...rest);
};
const scannerFile = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const { buildScanConfig, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerFile).href);
// The scanner's own ESLint (not this package's), as its dependency tree resolves it.
const { ESLint } = createRequire(scannerFile)('eslint');
const glob = createRequire(scannerFile)('fast-glob');

/** Lints `patterns` below `dir` exactly as the scanner's analyzePackage does. */
async function lint(dir, patterns) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const formatter = await eslint.loadFormatter('stylish');
	return {
		files: files.length,
		errors: results.reduce((sum, r) => sum + r.errorCount, 0),
		warnings: results.reduce((sum, r) => sum + r.warningCount, 0),
		report: await formatter.format(results),
	};
}

if (!existsSync(path.join(root, 'dist'))) {
	console.error('dist/ is missing: run `npm run build` first.');
	process.exit(1);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'stablecog-scan-'));
let failed = false;
try {
	const [{ filename }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	);
	const unpacked = path.join(scratch, 'package');
	execFileSync('tar', ['-xzf', path.join(scratch, filename), '-C', scratch]);

	const legs = [
		['source', root, SOURCE_FILE_PATTERNS],
		['tarball', unpacked, ['**/*.js', 'package.json']],
	];
	for (const [name, dir, patterns] of legs) {
		const result = await lint(dir, patterns);
		console.log(
			`scanner ${name} leg: ${result.files} files, ${result.errors} errors, ${result.warnings} warnings`,
		);
		if (result.errors || result.warnings) {
			console.log(result.report);
			failed = true;
		}
	}
} finally {
	rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
