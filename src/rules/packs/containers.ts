import type { RulePack } from '../../core/types.js';

export const containersPack: RulePack = {
  id: 'containers',
  description: 'docker, docker compose and podman',
  rules: [],
};
