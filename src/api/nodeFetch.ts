/**
 * The HTTP stack: node-fetch and everything it pulls in (stream and blob polyfills), more than
 * half of the code. http.ts loads this module on the first request only. The extension build
 * (esbuild.js) emits it as a bundle of its own, dist/http.js, kept out of dist/extension.js;
 * other builds (tests) bundle it inline, where esbuild's lazy module wrapper still defers its
 * evaluation to that first request.
 */
export { default as fetch } from 'node-fetch';
