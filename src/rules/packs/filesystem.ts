import type { RulePack } from '../../core/types.js';

export const filesystemPack: RulePack = {
  id: 'filesystem',
  description: 'Filesystem (rm, find -delete, shred, dd, mkfs, truncate, redirections, mv)',
  rules: [],
};
