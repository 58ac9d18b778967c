/** Replaced at build time by esbuild's `define`; falls back for tests run from source. */
declare const __TWOKEY_VERSION__: string | undefined;
export const VERSION: string = typeof __TWOKEY_VERSION__ === 'string' ? __TWOKEY_VERSION__ : '0.1.0-dev';
/** Protocol version of the daemon socket handshake: bump when the request/answer shape changes. */
export const PROTOCOL_VERSION = 1;
