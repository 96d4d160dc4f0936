// Rebuild the seed corpus under fuzz/corpus/<target>/ from tests/fixtures, samples/ and the
// shared real exports (/work/shared/fixtures or $VPCMAP_SHARED_FIXTURES, when present). Only
// small files (≤ 64 KiB) are taken, so libFuzzer's -max_len stays small and runs stay fast;
// a snapshot set is one seed, its files joined by NUL with each path on the piece's first line
// (the format fuzz/src/lib.rs `split_files` reads). Run: node fuzz/seed.mjs
import { readFileSync, readdirSync, statSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const shared = process.env.VPCMAP_SHARED_FIXTURES ?? '/work/shared/fixtures';
const limit = 64 * 1024;

/** Every .json file under dir, sorted. */
function walk(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (name.endsWith('.json')) out.push(path);
  }
  return out;
}

function kind(text) {
  try {
    const value = JSON.parse(text);
    if (value && typeof value === 'object' && 'format' in value) return 'native';
    if (value && typeof value === 'object' && ('format_version' in value || 'terraform_version' in value)) return 'terraform';
    return 'aws';
  } catch {
    return 'broken';
  }
}

const seeds = { import_native: new Map(), import_aws: new Map(), import_aws_set: new Map(), import_terraform: new Map() };
function add(target, bytes) {
  if (bytes.length > limit) return;
  seeds[target].set(createHash('sha1').update(bytes).digest('hex'), bytes);
}

const files = [...walk(join(repo, 'tests/fixtures')), ...walk(join(repo, 'samples')), ...walk(shared)];
for (const path of files) {
  const bytes = readFileSync(path);
  const k = kind(bytes.toString('utf8'));
  if (k === 'native') add('import_native', bytes);
  else if (k === 'terraform') add('import_terraform', bytes);
  else if (k === 'aws') add('import_aws', bytes);
  else for (const target of Object.keys(seeds)) add(target, bytes);
}

// Snapshot sets: every folder named aws_configs, and every folder of tests/fixtures/aws.
const setRoots = new Set();
for (const path of files) {
  const at = path.indexOf('/aws_configs/');
  if (at >= 0) setRoots.add(path.slice(0, at));
  else if (path.startsWith(join(repo, 'tests/fixtures/aws/')) && dirname(path) !== join(repo, 'tests/fixtures/aws')) setRoots.add(dirname(path));
}
for (const root of [...setRoots].sort()) {
  const members = files.filter((path) => path.startsWith(root + '/') && kind(readFileSync(path, 'utf8')) === 'aws');
  const pieces = [];
  let size = 0;
  for (const path of members) {
    const piece = Buffer.concat([Buffer.from(relative(root, path) + '\n'), readFileSync(path)]);
    if (size + piece.length + 1 > limit) continue;
    pieces.push(piece);
    size += piece.length + 1;
  }
  if (pieces.length > 0) add('import_aws_set', Buffer.concat(pieces.flatMap((piece, i) => (i ? [Buffer.from([0]), piece] : [piece]))));
}

for (const [target, map] of Object.entries(seeds)) {
  const dir = join(repo, 'fuzz/corpus', target);
  mkdirSync(dir, { recursive: true });
  for (const [hash, bytes] of map) writeFileSync(join(dir, hash), bytes);
  console.log(`${target}: ${map.size} seeds`);
}
