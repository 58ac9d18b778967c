import type { RulePack } from '../../core/types.js';

export const terraformPack: RulePack = {
  id: 'terraform',
  description: 'Terraform, OpenTofu and Terragrunt',
  rules: [],
};
