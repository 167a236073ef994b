/** Types of setup-vscode.js, plain CommonJS so that it also runs on its own before any build. */
export function ensureVSCode(): Promise<{ nodeBin: string; entryJs: string; cacheDir: string }>;
/** Debian's Chromium, which playwright-core drives. */
export const CHROMIUM: string;
export const CODE_SERVER_VERSION: string;
export const NODE_VERSION: string;
