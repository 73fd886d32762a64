// Cold-path baseline for bench/sections/40-coldpath.sh: for each never-seen release, fetch its
// manifest and bundle from the loopback server and verify them with sigstore-js
// (@sigstore/verify) against the same trusted root and signer identity trustgate checks, then
// look the image digest up in the manifest.
//
// usage: node coldpath.mjs BASE_URL FIXTURES_DIR WARM N
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const [base, dir, warmArg, nArg] = process.argv.slice(2);
if (!base || !dir) {
  console.error('usage: node coldpath.mjs BASE_URL FIXTURES_DIR WARM N');
  process.exit(2);
}
const warm = Number(warmArg ?? 50);
const n = Number(nArg ?? 200);
const root = TrustedRoot.fromJSON(JSON.parse(readFileSync(join(dir, 'trusted_root.json'), 'utf8')));
const verifier = new Verifier(toTrustMaterial(root));
const [issuer, identityTemplate] = readFileSync(join(dir, 'identity.txt'), 'utf8').trim().split('\n');
const digests = new Map();
for (const line of readFileSync(join(dir, 'releases.tsv'), 'utf8').trim().split('\n')) {
  const [version, arch, digest] = line.split('\t');
  if (arch === 'x86_64') digests.set(version, digest);
}

async function get(url) {
  const r = await fetch(url);
  if (r.status !== 200) throw new Error(`${url}: HTTP ${r.status}`);
  return Buffer.from(await r.arrayBuffer());
}

const times = [];
let cpu0;
for (let i = 0; i < warm + n; i++) {
  if (i === warm) cpu0 = process.cpuUsage();
  const version = `1.${i}.0`;
  const url = `${base}/acme-labs/forge/releases/download/v${version}/dev-image-x86_64.manifest.json`;
  const t0 = process.hrtime.bigint();
  const [manifest, bundleBytes] = await Promise.all([get(url), get(url + '.bundle')]);
  const bundle = bundleFromJSON(JSON.parse(bundleBytes.toString('utf8')));
  verifier.verify(toSignedEntity(bundle, manifest), {
    subjectAlternativeName: identityTemplate.replace('{version}', version),
    extensions: { issuer },
  });
  const doc = JSON.parse(manifest.toString('utf8'));
  const listed = doc.version === version && doc.variant === 'dev' && doc.arch === 'x86_64'
    && doc.artifacts.some((a) => a.sha256 === digests.get(version));
  const t = Number(process.hrtime.bigint() - t0);
  if (!listed) throw new Error(`digest of ${version} not in its manifest`);
  if (i >= warm) times.push(t);
}
const cpu = process.cpuUsage(cpu0);
times.sort((a, b) => a - b);
const pct = (p) => times[Math.max(0, Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1))];
console.log(`RESULT sigstore-js p50_ms=${(pct(50) / 1e6).toFixed(2)} p99_ms=${(pct(99) / 1e6).toFixed(2)} cpu_ms=${((cpu.user + cpu.system) / 1000 / times.length).toFixed(2)} n=${times.length}`);
