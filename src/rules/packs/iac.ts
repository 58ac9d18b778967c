import type { RulePack } from '../../core/types.js';

export const iacPack: RulePack = {
  id: 'iac',
  description: 'Pulumi, AWS CDK, CloudFormation and SAM',
  rules: [],
};
