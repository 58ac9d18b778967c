import { createRequire } from 'node:module';

/**
 * The `yaml` package, loaded on first use. Most commands are judged with no policy file at all, so the
 * decision path does not pay for the YAML parser at start-up; it is loaded (from node_modules, not the
 * bundle) only when a signed policy file has to be read.
 */
type YamlModule = typeof import('yaml');

let loaded: YamlModule | null = null;

export function yaml(): YamlModule {
  loaded ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return loaded;
}
