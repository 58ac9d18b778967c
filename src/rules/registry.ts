import type { RulePack } from '../core/types.js';
import { terraformPack } from './packs/terraform.js';
import { iacPack } from './packs/iac.js';
import { awsPack } from './packs/aws.js';
import { gcpPack } from './packs/gcp.js';
import { azurePack } from './packs/azure.js';
import { paasPack } from './packs/paas.js';
import { kubernetesPack } from './packs/kubernetes.js';
import { containersPack } from './packs/containers.js';
import { datastoresPack } from './packs/datastores.js';
import { migrationsPack } from './packs/migrations.js';
import { filesystemPack } from './packs/filesystem.js';
import { gitPack } from './packs/git.js';
import { selfPack } from './packs/self.js';
import { backupsPack } from './packs/backups.js';
import { searchPack } from './packs/search.js';
import { messagingPack } from './packs/messaging.js';
import { secretsPack } from './packs/secrets.js';
import { dnsPack } from './packs/dns.js';
import { systemPack } from './packs/system.js';

/** Every rule pack, in the order their findings are listed. One tool family per pack. */
export const ALL_PACKS: readonly RulePack[] = [
  terraformPack,
  iacPack,
  awsPack,
  gcpPack,
  azurePack,
  paasPack,
  kubernetesPack,
  containersPack,
  datastoresPack,
  searchPack,
  messagingPack,
  secretsPack,
  backupsPack,
  dnsPack,
  migrationsPack,
  filesystemPack,
  systemPack,
  gitPack,
  selfPack,
];
