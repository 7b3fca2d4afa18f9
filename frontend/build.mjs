// Builds the vendored browser files from the packages pinned in package-lock.json:
//   ../static/vendor/plotly-portal.min.js   plotly.js with only the traces the portal draws
//   ../tests/browser/vendor/axe.min.js       axe-core, injected by the accessibility test
// Run `npm ci && npm run build` in this folder, then commit both files; nothing here is
// needed at run time or in CI. esbuild's settings follow plotly.js's own (esbuild-config.js).
import { build } from 'esbuild';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const version = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`))).version;

const plotlyOut = '../static/vendor/plotly-portal.min.js';
await build({
    entryPoints: ['plotly-entry.js'],
    outfile: plotlyOut,
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'Plotly',
    target: 'es2016',
    define: { global: 'window', 'define.amd': 'false' },
    // The map subplot's stylesheet is required by code that only map traces reach.
    loader: { '.css': 'empty' },
    legalComments: 'none',
    banner: {
        js: `/* plotly.js v${version('plotly.js')} (MIT, Plotly, Inc.): core, bar, sunburst, ` +
            'locale zh-CN; partial bundle built by frontend/build.mjs */',
    },
    logLevel: 'info',
});

const axeOut = '../tests/browser/vendor/axe.min.js';
copyFileSync(require.resolve('axe-core/axe.min.js'), axeOut);

for (const file of [plotlyOut, axeOut]) {
    console.log(`${file}: ${statSync(file).size} bytes`);
}
console.log(`plotly.js ${version('plotly.js')}, axe-core ${version('axe-core')}, esbuild ${version('esbuild')}`);
