// Loaded with `node --import` into a CLI process the status bench times: at exit, writes the process's own CPU
// time (user + system, ms) to LOUDWIRE_BENCH_CPU_FILE. CPU time is what the machine's load barely moves.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeFileSync(process.env.LOUDWIRE_BENCH_CPU_FILE, String(Math.round((user + system) / 1000)));
});
