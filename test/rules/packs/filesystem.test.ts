import { filesystemPack } from '../../../src/rules/packs/filesystem.js';
import { cases } from '../../../src/rules/packs/filesystem.cases.js';
import { packSuite } from './p2-harness.js';

packSuite(filesystemPack, cases);
