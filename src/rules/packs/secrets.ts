import type { RulePack } from '../../core/types.js';

export const secretsPack: RulePack = {
  id: 'secrets',
  description: 'Secret and configuration stores: Vault, etcd, Consul KV, 1Password, Doppler, Infisical — destroying secrets and key-value data',
  rules: [],
};
