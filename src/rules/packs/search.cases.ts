import type { PackCases } from '../../core/types.js';

// Allowed cases name the rule they are a near-miss of in `note` ("near-miss of <rule id>").
export const cases: PackCases = {
  pack: 'search',
  blocked: [],
  allowed: [],
};
