import { readFileSync } from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
const file = process.argv[2]!;
const h = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
console.log('events', h.events?.length);
