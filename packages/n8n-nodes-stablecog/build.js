#!/usr/bin/env node
/**
 * Builds dist/, the whole published package: type-checks the sources, bundles each node and
 * credential named in package.json's `n8n` block into one CommonJS file (the client and zod
 * inside, n8n-workflow left to n8n: a community package may have no runtime dependencies), then
 * copies the icons and the codex files next to them.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = __dirname;
const dist = path.join(root, 'dist');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/**
 * zod keeps its global config and schema registry on `globalThis`, so that several copies of zod
 * in one process share them. n8n Cloud does not allow `globalThis` in a community node, and each
 * bundle here holds exactly one copy of zod: one object private to the bundle does the same job.
 * zod's modules (CommonJS here: the client's dist requires zod) get it from a virtual module.
 */
const zodWithoutGlobalThis = {
	name: 'zod-without-globalThis',
	setup(build) {
		const virtual = 'zod-bundle-globals';
		build.onResolve({ filter: new RegExp(`^${virtual}$`) }, () => ({ path: virtual, namespace: virtual }));
		build.onLoad({ filter: /.*/, namespace: virtual }, () => ({ contents: 'export const zodGlobals = {};', loader: 'js' }));
		build.onLoad({ filter: /[\\/]node_modules[\\/](\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?zod[\\/].*\.c?js$/ }, (args) => {
			const source = fs.readFileSync(args.path, 'utf8');
			if (!/\bglobalThis\b/.test(source)) return undefined;
			const load = args.path.endsWith('.cjs')
				? `const { zodGlobals } = require('${virtual}');`
				: `import { zodGlobals } from '${virtual}';`;
			return {
				contents: `${load}\n${source.replace(/\bglobalThis\b/g, 'zodGlobals')}`,
				loader: 'js',
				resolveDir: path.dirname(args.path),
			};
		});
	},
};

/**
 * zod's `locales` namespace (`z.locales`, `z.core.locales`) holds error messages in 50 languages,
 * more than half of the minified bundle. Nothing here switches zod's language, and zod imports its
 * default English messages directly, so the namespace keeps only `en`.
 */
const zodEnglishOnly = {
	name: 'zod-english-only',
	setup(build) {
		const namespace = 'zod-english-only';
		build.onResolve({ filter: /^\.\.\/locales\/index\.c?js$/ }, (args) =>
			/[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: path.join(args.resolveDir, args.path), namespace } : undefined,
		);
		build.onLoad({ filter: /.*/, namespace }, (args) => ({
			contents: `exports.en = require('./en${path.extname(args.path)}').default;`,
			loader: 'js',
			resolveDir: path.dirname(args.path),
		}));
	},
};

/** The client core and zod, bundled once and shared by the nodes (relative to dist/). */
const CLIENT_LIB = 'lib/stablecog-client.js';

/**
 * Node and credential files reach the client core through the shared lib: one copy of the client
 * and zod for the whole package, required by a relative path.
 */
function clientFromLib(outFile) {
	const target = path.relative(path.dirname(outFile), path.join(dist, CLIENT_LIB)).split(path.sep).join('/');
	return {
		name: 'client-from-lib',
		setup(build) {
			build.onResolve({ filter: /^@stablecog\/client\/core$/ }, () => ({
				path: target.startsWith('.') ? target : `./${target}`,
				external: true,
			}));
		},
	};
}

/** `dist/nodes/X/X.node.js` built from `nodes/X/X.node.ts`, for every file the n8n block names. */
function entries() {
	return [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((output) => {
		const source = path.join(root, output.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		if (!fs.existsSync(source)) throw new Error(`package.json names ${output}, but ${source} does not exist`);
		return { source, outFile: path.join(root, output) };
	});
}

/** Files matching `test` below `dir`, as paths relative to `root`. */
function find(dir, test) {
	return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
		const rel = path.join(dir, entry.name);
		if (entry.isDirectory()) return find(rel, test);
		return test(entry.name) ? [rel] : [];
	});
}

const common = {
	bundle: true,
	// Minified, but every function and class keeps its name: stack traces stay readable, and
	// anything that reads a constructor's name (error classes) works as in the sources.
	minify: true,
	keepNames: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	external: ['n8n-workflow'],
	legalComments: 'inline',
	charset: 'utf8',
	metafile: true,
	logLevel: 'warning',
};

async function main() {
	const tsc = require.resolve('typescript/bin/tsc');
	execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit'], { cwd: root, stdio: 'inherit' });

	fs.rmSync(dist, { recursive: true, force: true });
	const builds = [
		esbuild.build({
			...common,
			entryPoints: [require.resolve('@stablecog/client/core')],
			outfile: path.join(dist, CLIENT_LIB),
			plugins: [zodWithoutGlobalThis, zodEnglishOnly],
		}),
		...entries().map(({ source, outFile }) =>
			esbuild.build({ ...common, entryPoints: [source], outfile: outFile, plugins: [clientFromLib(outFile)] }),
		),
	];
	const outputs = (await Promise.all(builds)).flatMap((result) => Object.entries(result.metafile.outputs));

	const statics = [
		...find('icons', (name) => name.endsWith('.svg')),
		...find('nodes', (name) => name.endsWith('.node.json')),
	];
	for (const file of statics) {
		fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
		fs.copyFileSync(path.join(root, file), path.join(dist, file));
	}

	let total = 0;
	for (const [file, { bytes }] of outputs) {
		total += bytes;
		console.log(`${path.relative(root, path.resolve(root, file)).padEnd(52)} ${(bytes / 1024).toFixed(1).padStart(7)} KiB`);
	}
	console.log(`${'JavaScript in total'.padEnd(52)} ${(total / 1024).toFixed(1).padStart(7)} KiB (+ ${statics.length} icons and codex files)`);
}

main().catch((error) => {
	console.error(error.message ?? error);
	process.exitCode = 1;
});
