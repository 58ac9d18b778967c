import type { RulePack } from '../../core/types.js';

export const gitPack: RulePack = {
  id: 'git',
  description: 'git and gh',
  rules: [],
};
