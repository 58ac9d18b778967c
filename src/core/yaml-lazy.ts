import { createRequire } from 'node:module';

/**
 * The `yaml` package, loaded on first use (from node_modules, not the bundle): most commands are judged with
 * no YAML at all, so the decision path does not pay for the parser at start-up. Read by the policy loader
 * (a signed policy file) and by the shell analysis (a Taskfile, an Ansible playbook the command runs).
 */
type YamlModule = typeof import('yaml');

let loaded: YamlModule | null = null;

export function yaml(): YamlModule {
  loaded ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return loaded;
}
