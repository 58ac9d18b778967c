import { kubernetesPack } from '../../../src/rules/packs/kubernetes.js';
import { cases } from '../../../src/rules/packs/kubernetes.cases.js';
import { packSuite } from './p2-harness.js';

packSuite(kubernetesPack, cases);
