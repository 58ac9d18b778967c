import type { RulePack } from '../../core/types.js';

export const awsPack: RulePack = {
  id: 'aws',
  description: 'AWS CLI',
  rules: [],
};
