import { containersPack } from '../../../src/rules/packs/containers.js';
import { cases } from '../../../src/rules/packs/containers.cases.js';
import { packSuite } from './p2-harness.js';

packSuite(containersPack, cases);
