// `tsx bench/summarize-cpu-profile.ts <file.cpuprofile> [top]`: where a process spent its CPU (self time),
// grouped by package or source folder and by function. Reads the profiles `npm run bench -- --profile` writes.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/@temporalio/worker/lib/x.js` → `@temporalio/worker`; `/src/mapping/x.ts` → `src/mapping`. */
function ownerOf(url: string): string {
  if (!url) return '(native / idle / gc)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1]!;
  const sourceMatch = /\/(src|bench|sandbox|scripts|test)\/([^/]+)/.exec(url);
  if (sourceMatch) return `${sourceMatch[1]}/${sourceMatch[2]}`;
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '').slice(-60);
}

function summarize(path: string, top: number): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
    total += ms;
    const owner = ownerOf(frame.url);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
    const name = `${frame.functionName || '(anonymous)'} ${owner}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const print = (title: string, entries: Map<string, number>) => {
    process.stdout.write(`\n${title}\n`);
    for (const [name, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(
        `  ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(7)} ms  ${name}\n`,
      );
    }
  };
  process.stdout.write(`${path}: ${total.toFixed(0)} ms busy (idle and (program) excluded)\n`);
  print('by package / source folder (self time)', byOwner);
  print('by function (self time)', byFunction);
}

const [path, top] = process.argv.slice(2);
if (!path) {
  process.stderr.write('usage: tsx bench/summarize-cpu-profile.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
summarize(path, Number(top ?? 25));
