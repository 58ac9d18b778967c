import type { RulePack } from '../../core/types.js';

export const azurePack: RulePack = {
  id: 'azure',
  description: 'Azure CLI (az)',
  rules: [],
};
