// Bundles the two browser pages into dist/, which the Go binary embeds (embed.go). The
// output is committed, so `go build` needs no Node; `make web` rebuilds it and
// `make check-web` fails when it differs from what the sources and package-lock.json give.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: {
    playground: 'src/playground.jsx',
    explore: 'src/explore.js',
  },
  outdir: 'dist',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  jsx: 'automatic',
  // Licence texts of the bundled packages go beside each bundle (dist/*.LEGAL.txt).
  legalComments: 'external',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Fonts and images stay inside the CSS (data: URLs), so the page loads nothing else.
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
  logLevel: 'warning',
});
