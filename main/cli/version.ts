/** The app's version, from package.json (bundled into the CLI at build time). */
import { version } from '../../package.json';

export const VERSION: string = version;
