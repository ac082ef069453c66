// Jest global setup: the tests load the package as n8n does, from dist/, so rebuild it first when
// a source file is newer than the bundle (or there is no bundle yet).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function newest(dir) {
	let latest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const file = path.join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(file) : fs.statSync(file).mtimeMs);
	}
	return latest;
}

module.exports = function buildIfStale() {
	const bundle = path.join(root, 'dist', 'nodes', 'Stablecog', 'Stablecog.node.js');
	const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
	const clientBuilt = path.join(root, 'node_modules', '@stablecog', 'client', 'dist', 'core', 'index.js');
	const sources = Math.max(
		...['nodes', 'helpers', 'credentials', 'icons'].map((dir) => newest(path.join(root, dir))),
		fs.statSync(path.join(root, 'build.js')).mtimeMs,
		fs.existsSync(clientBuilt) ? fs.statSync(clientBuilt).mtimeMs : 0,
	);
	if (sources > built) execFileSync(process.execPath, ['build.js'], { cwd: root, stdio: 'inherit' });
};
