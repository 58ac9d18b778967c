import type { RulePack } from '../../core/types.js';

export const migrationsPack: RulePack = {
  id: 'migrations',
  description: 'ORMs and migration tools (prisma, rails, django, ...)',
  rules: [],
};
