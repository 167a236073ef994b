/**
 * The HTTP stack: node-fetch and everything it pulls in (stream and blob polyfills), about two
 * thirds of what the extension would otherwise evaluate at activation. http.ts loads this module
 * on the first request only. The extension build (esbuild.js) emits it as a bundle of its own,
 * dist/http.js, and keeps it out of dist/extension.js; other builds (tests) bundle it inline,
 * where esbuild's lazy module wrapper still defers its evaluation to that first request.
 */
export { default as fetch } from 'node-fetch';
