import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { renderSummary, summarizeProfile, type CpuProfile } from './cpuprofile-summary';

/**
 * node dist/tools/bench/src/cpuprofile-summary.main.js <file.cpuprofile[.gz]> [--top 25] [--stack-has 'kafkajs/src/protocol,ioredis']
 * Prints the top frames of a gateway profile (the summaries next to the profiles in tools/bench/results).
 */
const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' }, 'stack-has': { type: 'string' } } });
if (positionals.length !== 1) {
  console.error('usage: cpuprofile-summary.main.js <file.cpuprofile[.gz]> [--top N] [--stack-has re1,re2]');
  process.exit(2);
}
const raw = readFileSync(positionals[0]);
const profile = JSON.parse((positionals[0].endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')) as CpuProfile;
const patterns = (values['stack-has'] ?? '').split(',').filter(Boolean);
process.stdout.write(renderSummary(summarizeProfile(profile, Number(values.top ?? 25), patterns)));
