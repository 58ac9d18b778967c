import type { RulePack } from '../../core/types.js';

export const selfPack: RulePack = {
  id: 'self',
  description: "twokey's own keys, approvals, journal, policy and hook settings",
  rules: [],
};
