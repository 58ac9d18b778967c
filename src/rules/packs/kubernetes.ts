import type { RulePack } from '../../core/types.js';

export const kubernetesPack: RulePack = {
  id: 'kubernetes',
  description: 'kubectl, helm and argocd',
  rules: [],
};
