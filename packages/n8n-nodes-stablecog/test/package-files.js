// The package on disk, for the tests. Plain JavaScript on purpose: `n8n-node lint` applies n8n
// Cloud's rules (no node:fs, no node:path) to every TypeScript file of the package, tests included.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const root = path.resolve(__dirname, '..');
const load = createRequire(path.join(root, 'package.json'));

function listFiles(dir) {
	return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
		const rel = path.posix.join(dir, entry.name);
		return entry.isDirectory() ? listFiles(rel) : [rel];
	});
}

module.exports = {
	readText: (file) => fs.readFileSync(path.join(root, file), 'utf8'),
	exists: (file) => fs.existsSync(path.join(root, file)),
	listFiles,
	resolveFrom: (file, reference) =>
		path.relative(root, path.resolve(root, path.dirname(file), reference)).split(path.sep).join('/'),
	loadFromPackage: (file) => load(`./${file}`),
};
