// The tool's version is the package's: one number for the extension and its command line.
import { version } from '../../package.json';

export const TOOL_VERSION: string = version;
